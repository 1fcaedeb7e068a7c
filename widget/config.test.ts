import { describe, expect, it } from 'vitest';
import { contrast, readPageConfig, resolveFeatures, resolveTheme, textOn } from './config.ts';
import { PAGE, TENANT } from './test-support.ts';

describe('page config', () => {
  it('fails with a prefixed message an owner can act on', () => {
    expect(() => readPageConfig(undefined)).toThrow(/^\[HelpDesk\] window.HelpDeskConfig is missing/);
    expect(() => readPageConfig({ tenantId: 't', apiKey: 'hd_sk_secret' }, 'https://h.example/embed.js')).toThrow(
      /publishable widget key/,
    );
  });

  it('finds the API where embed.js came from unless told otherwise', () => {
    expect(readPageConfig({ tenantId: 't', apiKey: 'hd_pk_x' }, 'https://help.example:8443/embed.js').apiBase).toBe(
      'https://help.example:8443',
    );
    expect(readPageConfig({ tenantId: 't', apiKey: 'hd_pk_x', apiBase: 'https://api.example/' }).apiBase).toBe(
      'https://api.example',
    );
  });
});

describe('theme', () => {
  it('picks a text colour that meets WCAG AA on any brand colour', () => {
    for (const bg of ['#0f766e', '#2563eb', '#facc15', '#ffffff', '#000000', '#777777', '#ff00ff', '#22c55e']) {
      expect(contrast(bg, textOn(bg))).toBeGreaterThanOrEqual(4.5);
    }
    expect(textOn('#facc15')).toBe('#111827');
    expect(textOn('#777777')).toBe('#000000');
    expect(textOn('#1e3a8a')).toBe('#ffffff');
  });

  it('lets the snippet override branding, ignores bad colours, and keeps the max z-index by default', () => {
    const th = resolveTheme({ ...PAGE, theme: { primaryColor: '#7c3aed', position: 'bottom-left' } }, TENANT);
    expect(th).toMatchObject({ primary: '#7c3aed', position: 'bottom-left', zIndex: 2147483647, hideLauncher: false });
    expect(
      resolveTheme(
        { ...PAGE, theme: { primaryColor: 'red;}body{display:none', zIndex: 99, hideLauncher: true } },
        TENANT,
      ),
    ).toMatchObject({
      primary: '#0f766e',
      zIndex: 99,
      hideLauncher: true,
    });
  });

  it('lets the snippet switch features off but never on', () => {
    const off = { ...TENANT, features: { ticketSubmission: true, knowledgeBase: false } };
    expect(resolveFeatures({ ...PAGE, features: { knowledgeBase: true, ticketSubmission: false } }, off)).toEqual({
      tickets: false,
      kb: false,
      chat: false,
    });
  });
});
