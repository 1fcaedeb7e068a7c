import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { ensurePlatformToken } from './token.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('the generated platform admin token', () => {
  it('is generated and printed once, and the next start accepts it without printing it again', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const first = await ensurePlatformToken(h.db, undefined, now);
    expect(first.generated).toMatch(/^hd_admin_/);
    expect(first.check(first.generated!)).toBe(true);

    const restart = await ensurePlatformToken(h.db, undefined, new Date('2026-03-03T10:00:00Z'));
    expect(restart.generated).toBeNull();
    expect(restart.check(first.generated!)).toBe(true);
    expect(restart.check('hd_admin_forged')).toBe(false);
  });

  it('is the environment variable when one is set, and then nothing is stored', async () => {
    const r = await ensurePlatformToken(h.db, 'from-env-token-0123456789', new Date('2026-03-02T10:00:00Z'));
    expect(r).toMatchObject({ generated: null });
    expect(r.check('from-env-token-0123456789')).toBe(true);
    expect((await ensurePlatformToken(h.db, undefined, new Date('2026-03-02T10:00:00Z'))).generated).toMatch(
      /^hd_admin_/,
    );
  });
});
