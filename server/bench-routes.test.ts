// The bench-only route POST /livez/sink exists only with BENCH_ROUTES=1, and then counts what it was sent.
import { describe, expect, it } from 'vitest';
import { createHarness } from './test-support/harness.ts';

describe('BENCH_ROUTES', () => {
  it('is off by default: POST /livez/sink is not there', async () => {
    const h = await createHarness();
    try {
      const res = await h.app.request('/livez/sink', { method: 'POST', body: 'x'.repeat(10) });
      expect(res.status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('with BENCH_ROUTES=1, reads the whole body and answers its byte count', async () => {
    const h = await createHarness({ env: { BENCH_ROUTES: '1' } });
    try {
      const res = await h.app.request('/livez/sink', { method: 'POST', body: new Uint8Array(3 * 1024 * 1024 + 5) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ bytes: 3 * 1024 * 1024 + 5 });
    } finally {
      await h.close();
    }
  });
});
