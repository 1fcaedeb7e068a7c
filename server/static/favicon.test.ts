// /favicon.ico answers a real icon, and every page a person opens (inbox, API docs, demo) links it.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { seedDemoIfEmpty } from '../seed/demo.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const ICON_LINK = /<link rel="icon" href="\/favicon\.ico"/;

describe('favicon', () => {
  it('serves a 16×16 32-bit icon at /favicon.ico', async () => {
    const res = await h.req('GET', '/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    const ico = Buffer.from(await res.arrayBuffer());
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect([ico[6], ico[7], ico.readUInt16LE(12)]).toEqual([16, 16, 32]);
    // the directory's size and offset describe exactly the bytes that follow
    expect(ico.readUInt32LE(18) + ico.readUInt32LE(14)).toBe(ico.length);
  });

  it('is linked from the inbox, the API docs and the demo shop', async () => {
    expect(readFileSync(new URL('../../inbox/index.html', import.meta.url), 'utf8')).toMatch(ICON_LINK);
    expect(await (await h.req('GET', '/api/docs')).text()).toMatch(ICON_LINK);
    await seedDemoIfEmpty(h.db, new Date());
    const demo = await h.req('GET', '/demo');
    expect(demo.status).toBe(200);
    expect(await demo.text()).toMatch(ICON_LINK);
  });
});
