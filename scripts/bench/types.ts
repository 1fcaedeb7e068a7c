// The contract between `npm run bench` and its benchmark modules (scripts/bench/*.bench.ts).
export interface LoadOptions {
  /** Path on the server, e.g. '/api/v1/widget/kb/search?q=reset' */
  path: string;
  method?: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
  /** Called per request for varying paths/bodies (overrides path/body). */
  request?: () => { path: string; method?: string; headers?: Record<string, string>; body?: string };
  connections?: number;
  durationSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface BenchServer {
  baseURL: string;
  databaseUrl: string;
  /** Platform admin token for creating tenants in the bench. */
  platformToken: string;
  /** Runs autocannon against this server. */
  load(o: LoadOptions): Promise<LoadResult>;
  /** The same load against the bare route (GET /livez) of this server: the baseline. */
  baseline(connections?: number): Promise<LoadResult>;
  /** Resident set size of the server process now, in bytes (Linux /proc; 0 elsewhere). */
  rssBytes(): number;
  /** CPU time the server process has used so far, in ms (Linux /proc; 0 elsewhere): steadier than latency on a loaded machine. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface BenchContext {
  /** Starts a real server process (RATE_LIMITS=off, SEED_DEMO=0) on a database file; seed it first if you like. */
  startServer(opts?: { databaseUrl?: string; env?: Record<string, string> }): Promise<BenchServer>;
  /** A fresh temp directory for database files. */
  tmpDir: string;
  log(line: string): void;
  /** A row with the server's RSS now (call it at the end of a module, before stop()). */
  rssRow(server: BenchServer, note?: string): BenchRow;
}

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Baseline figure measured in the same run, and value/baseline. */
  baseline?: number;
  ratio?: number;
  note?: string;
}

export type BenchModule = { bench(ctx: BenchContext): Promise<BenchRow[]> };
