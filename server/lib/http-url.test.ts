import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parseHttpUrl } from './http-url.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;
const ajv = new Ajv2020();
addFormats(ajv);
const isUri = ajv.compile({ type: 'string', format: 'uri' });

describe('parseHttpUrl', () => {
  it('keeps the normalised href of an http(s) URL', () => {
    expect(parseHttpUrl('HTTPS://CDN.Example.COM:443/a/../logo.png')).toEqual({
      href: 'https://cdn.example.com/logo.png',
    });
    expect(parseHttpUrl('http://cdn.example.com')).toEqual({ href: 'http://cdn.example.com/' });
    expect(parseHttpUrl('https://[::1]:8443/x.svg?v=2#top')).toEqual({ href: 'https://[::1]:8443/x.svg?v=2#top' });
  });

  it('refuses what would break out of an HTML attribute or be read differently by another parser', () => {
    for (const input of [
      'http://cdn.example.com/logo.svg?"><img src=x onerror=alert(1)>',
      "https://cdn.example.com/a'b.png",
      'https://cdn.example.com/a`b.png',
      'https://cdn.example.com/a b.png',
      ' https://cdn.example.com/logo.png',
      'https://cdn.example.com/\tlogo.png',
      'https:\\\\evil.example/logo.png',
      'https://cdn.example.com/<svg>',
    ]) {
      expect(parseHttpUrl(input), input).toEqual({ refused: 'characters' });
    }
  });

  it('refuses other schemes, relative URLs and embedded credentials', () => {
    expect(parseHttpUrl('javascript:alert(1)')).toEqual({ refused: 'scheme' });
    expect(parseHttpUrl('data:image/svg+xml,abc')).toEqual({ refused: 'scheme' });
    expect(parseHttpUrl('ftp://cdn.example.com/logo.png')).toEqual({ refused: 'scheme' });
    expect(parseHttpUrl('/logo.png')).toEqual({ refused: 'not-url' });
    expect(parseHttpUrl('https://user:secret@cdn.example.com/logo.png')).toEqual({ refused: 'credentials' });
  });

  it('answers only hrefs that an RFC 3986 `format: uri` validator accepts', () => {
    for (const input of [
      'https://bücher.example/straße/logo.png',
      'https://cdn.example.com/a{b}|c^d[e].png?q={x}#f|g',
      'https://cdn.example.com/100%/logo.png?x=%zz',
      'https://cdn.example.com/%41ok.png',
    ]) {
      const parsed = parseHttpUrl(input);
      if (!('href' in parsed)) throw new Error(`refused ${input}`);
      expect(isUri(parsed.href), `${input} → ${parsed.href}`).toBe(true);
      expect(new URL(parsed.href).host).toBe(new URL(input).host);
    }
  });
});
