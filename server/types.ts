// Types shared by the app's middleware and route groups: dependencies and per-request context.
import type { Db } from './db/client.ts';
import type { Env } from './env.ts';
import type { Logger } from './lib/logger.ts';
import type { RateLimiter } from './middleware/rate-limit.ts';
import type { Permission } from './roles/permissions.ts';
import type { TenantRecord } from './tenants/queries.ts';

export interface Deps {
  db: Db;
  env: Env;
  logger: Logger;
  /** Injectable so tests can move time (sessions, SLA, webhook retries). */
  now: () => Date;
  limiter: RateLimiter;
}

export type Principal =
  | {
      kind: 'agent';
      tenantId: string;
      agentId: string;
      roleId: string;
      permissions: ReadonlySet<Permission>;
      ownTicketsOnly: boolean;
      sessionHash: string;
    }
  | {
      kind: 'api-key';
      tenantId: string;
      apiKeyId: string;
      permissions: ReadonlySet<Permission>;
      ownTicketsOnly: false;
    }
  | { kind: 'platform' };

export type TenantPrincipal = Exclude<Principal, { kind: 'platform' }>;

export interface AppVariables {
  requestId: string;
  principal: Principal;
  /** Set once by the credential middleware; every tenant query takes it first. */
  tenantId: string;
  tenant: TenantRecord;
}

export type AppEnv = { Variables: AppVariables };
