import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { roleForGroups } from './group-roles.ts';

describe('roleForGroups', () => {
  const mapping = [
    { group: 'Support Leads', roleId: 'admin' },
    { group: 'Everyone', roleId: 'viewer' },
    { group: 'Founders', roleId: 'owner' },
  ];
  it('gives the role of the first entry naming one of the groups, case-insensitively', () => {
    expect(roleForGroups(mapping, ['everyone', 'support leads'], 'agent')).toBe('admin');
    expect(roleForGroups(mapping, ['EVERYONE'], 'agent')).toBe('viewer');
  });
  it('falls back to the default role, and never makes an owner', () => {
    expect(roleForGroups(mapping, ['Sales'], 'agent')).toBe('agent');
    expect(roleForGroups(mapping, ['Founders'], 'agent')).toBe('agent');
    expect(roleForGroups([], [], 'viewer')).toBe('viewer');
  });
});

describe('security.groupRoles on the tenant', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  it('is saved when every role exists and may be granted, and read back in order', async () => {
    const t = await h.signup();
    const groupRoles = [
      { group: 'Support Leads', roleId: 'admin' },
      { group: 'Everyone', roleId: 'agent' },
    ];
    const res = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { groupRoles } },
    });
    expect(res.status).toBe(200);
    expect(res.body.security.groupRoles).toEqual(groupRoles);
    expect(res.body.security.agentIpAllowlist).toEqual([]);
  });

  it('refuses an unknown role or owner with a field error, changing nothing', async () => {
    const t = await h.signup();
    for (const roleId of ['rol_nope', 'owner']) {
      const res = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
        ...t.as,
        body: { security: { groupRoles: [{ group: 'x', roleId }] } },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe('security.groupRoles.0.roleId');
    }
    const after = await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, t.as);
    expect(after.body.security.groupRoles).toEqual([]);
  });

  it('stores allowlist entries in canonical CIDR form and refuses a malformed one', async () => {
    const t = await h.signup();
    const ok = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { apiIpAllowlist: ['10.0.0.1', '2001:db8::/32', '::ffff:192.0.2.0/120'] } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.security.apiIpAllowlist).toEqual(['10.0.0.1/32', '2001:db8::/32', '192.0.2.0/24']);
    const bad = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { apiIpAllowlist: ['10.0.0.0/33'] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('security.apiIpAllowlist.0');
  });
});
