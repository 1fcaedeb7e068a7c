// Rows of server_secrets: values the server generates once and keeps (platform token hash, demo tenant id, signing keys).
import type { Queryable } from './client.ts';

export async function getServerSecret(q: Queryable, name: string): Promise<string | undefined> {
  const row = await q.get<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [name]);
  return row?.value;
}

/** Writes the value unless one is kept already (`ifMissing`: another process may have written it first). */
export async function insertServerSecret(
  q: Queryable,
  name: string,
  value: string,
  now: Date,
  { ifMissing = false }: { ifMissing?: boolean } = {},
) {
  await q.run(`INSERT ${ifMissing ? 'OR IGNORE ' : ''}INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)`, [
    name,
    value,
    now.toISOString(),
  ]);
}
