// A secret the server makes once and keeps in the database (server_secrets), so every process and
// every restart signs with the same key. Read once per process, then held on Deps.
import type { Db } from '../db/client.ts';
import { getServerSecret, insertServerSecret } from '../db/server-secrets.ts';
import { randomToken } from '../lib/ids.ts';

export class ServerSecret {
  private value: Promise<string> | null = null;

  constructor(
    private readonly db: Db,
    private readonly name: string,
  ) {}

  get(): Promise<string> {
    this.value ??= this.load().catch((err: unknown) => {
      this.value = null;
      throw err;
    });
    return this.value;
  }

  private async load(): Promise<string> {
    const existing = await getServerSecret(this.db, this.name);
    if (existing) return existing;
    // Another process may insert first; then its value is the one everybody uses.
    await insertServerSecret(this.db, this.name, randomToken(48), new Date(), { ifMissing: true });
    return (await getServerSecret(this.db, this.name))!;
  }
}
