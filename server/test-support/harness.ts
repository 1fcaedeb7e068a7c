// Test harness: a fresh database file and app per test, with helpers that speak HTTP through app.request().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createApp } from '../app.ts';
import { loadEnv } from '../env.ts';
import { platformTokenChecker } from '../middleware/authenticate.ts';
import { createLogger } from '../lib/logger.ts';
import { answerOf, conformanceOf } from './openapi-conformance.ts';
import type { DomainVerifier } from '../help-center/verification.ts';

export const PLATFORM_TOKEN = 'test-platform-token-0123456789';

export interface TestClock {
  now: () => Date;
  set(d: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-03-02T10:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => void (t = new Date(d).getTime()),
    advance: (ms) => void (t += ms),
  };
}

export interface Harness {
  db: Db;
  dir: string;
  dbUrl: string;
  app: ReturnType<typeof createApp>['app'];
  deps: ReturnType<typeof createApp>['deps'];
  /** Writes the app's buffered counters (views, suggestions, API calls), as a graceful stop does. */
  flush: ReturnType<typeof createApp>['flush'];
  clock: TestClock | null;
  req(method: string, path: string, opts?: ReqOpts): Promise<Response>;
  json<T = any>(method: string, path: string, opts?: ReqOpts): Promise<{ status: number; body: T; res: Response }>;
  signup(overrides?: Partial<{ tenantName: string; name: string; email: string; password: string }>): Promise<SignedUp>;
  platform: ReqOpts;
  close(): Promise<void>;
}

export interface ReqOpts {
  body?: unknown;
  /** Sent as is: a JSON text, or bytes (a raw mail). */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  /** A multipart/form-data body (an upload); its content type and boundary come with it. */
  form?: FormData;
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
  /** The client address the server sees (the socket's, as `clientIp()` reads it); default none. */
  ip?: string;
}

export interface SignedUp {
  tenant: any;
  agent: any;
  cookie: string;
  /** Request options that authenticate as this tenant's owner. */
  as: ReqOpts;
  apiKey(scopes?: string[]): Promise<string>;
  /** Adds an agent (`<name>@example.com`, password `<name> password 1`) and answers their id. */
  addAgent(name: string): Promise<string>;
}

let counter = 0;

export async function createHarness(
  opts: { env?: Record<string, string>; clock?: TestClock; dbUrl?: string; domainVerifier?: DomainVerifier } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-test-'));
  const dbUrl = opts.dbUrl ?? `file:${join(dir, 'test.db')}`;
  const env = loadEnv({
    PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
    LOG_LEVEL: 'silent',
    ALLOW_PRIVATE_WEBHOOKS: '1',
    PUBLIC_URL: 'http://localhost:8787',
    STORAGE_URL: `file:${join(dir, 'files')}`,
    ...opts.env,
  });
  const db = await openDb(dbUrl);
  await migrate(db);
  const { app, deps, flush, shutdown } = createApp({
    db,
    env,
    logger: createLogger('silent'),
    now: opts.clock?.now,
    platformToken: platformTokenChecker({ token: PLATFORM_TOKEN }),
    uploadDir: join(dir, 'uploads'),
    domainVerifier: opts.domainVerifier,
  });

  // Every answer is held up against the OpenAPI document: a mismatch fails the test that got it.
  const req = async (method: string, path: string, o: ReqOpts = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined || o.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    if (o.cookie) headers.cookie = o.cookie;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const body = o.form ?? o.rawBody ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined);
    const res = await app.request(
      path,
      { method, headers, body },
      o.ip ? { incoming: { socket: { remoteAddress: o.ip } } } : undefined,
    );
    const sent = {
      method,
      url: path,
      contentType: o.form ? 'multipart/form-data' : new Headers(headers).get('content-type'),
      body: typeof body === 'string' ? body : null,
    };
    const mismatches = (await conformanceOf(app)).check(sent, await answerOf(res));
    if (mismatches.length) throw new Error(`The answer does not match the OpenAPI document:\n${mismatches.join('\n')}`);
    return res;
  };
  const json = async (method: string, path: string, o?: ReqOpts) => {
    const res = await req(method, path, o);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, res };
  };

  const signup: Harness['signup'] = async (overrides = {}) => {
    const n = ++counter;
    const body = {
      tenantName: `Tenant ${n}`,
      name: `Owner ${n}`,
      email: `owner${n}-${Math.random().toString(36).slice(2, 8)}@example.com`,
      password: 'correct horse battery',
      ...overrides,
    };
    const r = await json('POST', '/api/v1/signup', { body });
    if (r.status !== 201) throw new Error(`signup failed: ${r.status} ${JSON.stringify(r.body)}`);
    const cookie = sessionCookie(r.res);
    const as = { cookie };
    return {
      tenant: r.body.tenant,
      agent: r.body.agent,
      cookie,
      as,
      apiKey: async (scopes?: string[]) => {
        const k = await json('POST', '/api/v1/api-keys', {
          ...as,
          body: { name: 'test key', ...(scopes ? { scopes } : {}) },
        });
        if (k.status !== 201) throw new Error(`api key failed: ${k.status} ${JSON.stringify(k.body)}`);
        return k.body.key as string;
      },
      addAgent: async (name: string) => {
        const a = await json('POST', '/api/v1/agents', {
          ...as,
          body: { name, email: `${name.toLowerCase()}@example.com`, roleId: 'agent', password: `${name} password 1` },
        });
        if (a.status !== 201) throw new Error(`agent failed: ${a.status} ${JSON.stringify(a.body)}`);
        return a.body.id as string;
      },
    };
  };

  return {
    db,
    dir,
    dbUrl,
    app,
    deps,
    flush,
    clock: opts.clock ?? null,
    req,
    json,
    signup,
    platform: { token: PLATFORM_TOKEN },
    close: async () => {
      await shutdown();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `name=value` part of the session Set-Cookie header. */
export function sessionCookie(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  const m = /hd_session=[^;]*/.exec(header);
  if (!m) throw new Error('no session cookie in response');
  return m[0];
}
