// What is left of a suspended or cancelled account: its owner may sign in, see it, export and sign out; nobody else anything.
import { tenantInactive } from '../lib/problem.ts';
import type { TenantPrincipal } from '../types.ts';
import type { TenantRecord } from './queries.ts';
import { isOwner } from '../roles/grants.ts';

/** All an inactive account's owner can still do: see the account and its subscription, pay, export, sign out. */
const OPEN_TO_OWNER: [method: string, path: RegExp][] = [
  ['GET', /^\/api\/v1\/me$/],
  ['GET', /^\/api\/v1\/tenants\/[^/]+$/],
  ['GET', /^\/api\/v1\/analytics\/export$/],
  ['POST', /^\/api\/v1\/auth\/logout$/],
  // Plan & billing (billing/subscriptions/routes.ts): paying the open invoice is how the account opens again.
  ['GET', /^\/api\/v1\/billing\/(subscription|preview|invoices)$/],
  ['POST', /^\/api\/v1\/billing\/(plan|cancel|resume|checkout|portal)$/],
  // A help desk being deleted: its owner may still export everything or take the deletion back.
  ['GET', /^\/api\/v1\/privacy\/tenant-export$/],
  ['GET', /^\/api\/v1\/privacy\/tenant-deletion$/],
  ['POST', /^\/api\/v1\/privacy\/tenant-deletion$/],
  ['DELETE', /^\/api\/v1\/privacy\/tenant-deletion$/],
];

/** The members' wording of the inactive-tenant refusal (the widget has its own, for visitors). */
const refused = (status: TenantRecord['status']) =>
  tenantInactive(
    status,
    `This account is ${status}. Only its owner can still sign in, to see the account, settle its billing and export its data. Ask its owner, or the platform operator, to reactivate it.`,
  );

/** Sign-in (password or invitation) into an inactive account is for its owner only. */
export function assertMaySignIn(tenant: TenantRecord, roleId: string) {
  if (tenant.status !== 'active' && roleId !== 'owner') throw refused(tenant.status);
}

/** Every request with a tenant credential passes here; API keys and non-owners of an inactive account are refused. */
export function assertMayUseAccount(tenant: TenantRecord, p: TenantPrincipal, method: string, path: string) {
  if (tenant.status === 'active') return;
  const m = method === 'HEAD' ? 'GET' : method;
  if (isOwner(p) && OPEN_TO_OWNER.some(([om, op]) => om === m && op.test(path))) return;
  throw refused(tenant.status);
}
