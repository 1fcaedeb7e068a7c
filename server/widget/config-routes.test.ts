import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { PLAN_DEFINITIONS } from '../tenants/plans.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('GET /widget/config', () => {
  it("tells the widget its plan's per-file limit, so it can refuse a too-large file before uploading", async () => {
    for (const plan of ['starter', 'enterprise'] as const) {
      const made = await h.json('POST', '/api/v1/tenants', {
        ...h.platform,
        body: { name: plan, plan, owner: { name: 'O', email: `${plan}@example.com`, password: 'owner password 1' } },
      });
      expect(made.status).toBe(201);
      const cfg = await h.json('GET', '/api/v1/widget/config', {
        headers: { 'x-widget-key': made.body.tenant.widgetKey },
      });
      expect(cfg.status).toBe(200);
      expect(cfg.body.maxFileBytes).toBe(PLAN_DEFINITIONS[plan].maxFileBytes);
    }
    expect(PLAN_DEFINITIONS.starter.maxFileBytes).toBeLessThan(PLAN_DEFINITIONS.enterprise.maxFileBytes);
  });
});
