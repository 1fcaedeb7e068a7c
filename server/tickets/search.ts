// Ticket search (`GET /tickets?q=`): every ticket in the caller's scope, by number, subject, messages, requester and tags.
//
// Each kind of match gives a ticket a tier, and a ticket takes its best one:
//   0  its number (`42` or `#42`),
//   1  its subject, its requester's name or email, or one of its tags,
//   2  only the text of a message (public replies and internal notes).
// The query is driven by the matches (CROSS JOIN keeps SQLite from walking the tenant's tickets instead).
// Results run by tier, then by the list's sort, keyset-paginated over (tier, sort values), so the other
// filters (status, assignee, …) and paging work as in the plain list.
//
// Subjects and messages are in the FTS5 index `tickets_fts` (one row each; subject rows have negative rowids).
// Requesters and tags are matched on their own tables: a customer's name or email can change without a write
// to any ticket, and both are short per-tenant lookups (customers by tenant, tags by the (tenant, tag) key).
import type { InArgs } from '@libsql/client';
import { z } from '@hono/zod-openapi';
import type { Queryable } from '../db/client.ts';
import { CursorPart } from '../lib/pagination.ts';
import { placeholders } from '../db/placeholders.ts';
import {
  filterConditions,
  SORT_COLUMNS,
  SORT_KEYSETS,
  sortValues,
  type TicketFilter,
  type TicketRow,
} from './queries.ts';
import type { Sort } from './schemas.ts';

export interface TicketSearch {
  /** The ticket number the text names (`42`, `#42`), if it is one. */
  number: number | null;
  /** An FTS5 query over subjects and messages, or null when the text has no letter or digit. */
  fts: string | null;
  /** The text as typed (trimmed), for requester and tag matching. */
  text: string;
}

/** Turns free text into an FTS5 query of quoted terms (all must match; the last may be a prefix), or null. */
export function ftsQuery(text: string): string | null {
  const terms = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 12);
  if (!terms?.length) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
}

/** What a search text looks for; null when it can match nothing (no letter or digit at all). */
export function parseSearch(q: string): TicketSearch | null {
  const text = q.trim();
  const fts = ftsQuery(text);
  if (!fts) return null;
  const n = /^#?\s*(\d{1,9})$/.exec(text);
  return { number: n ? Number(n[1]) : null, fts, text };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** The highest string a tag with this prefix can sort below (tags are stored lower-cased). */
const PREFIX_END = '\u{10FFFF}';

export type SearchRow = TicketRow & { search_tier: number };

/** The search's cursor: the sort and order it was made for, the tier, then that sort's keyset. */
export function searchCursorSchema(sort: Sort, order: 'asc' | 'desc') {
  const sameOrder = { error: 'This cursor belongs to a different sort order.' };
  return z.tuple([
    z.literal(sort, sameOrder),
    z.literal(order, sameOrder),
    z.literal('q', { error: 'This cursor belongs to a list without a search.' }),
    CursorPart.int.min(0).max(2),
    ...SORT_KEYSETS[sort],
  ]);
}

export const searchCursorValues = (sort: Sort, order: 'asc' | 'desc', r: SearchRow) => [
  sort,
  order,
  'q',
  r.search_tier,
  ...sortValues(sort, r),
];

/** Builds the search query; exported so a test can EXPLAIN it. `after` is (tier, …sort values). */
export function buildSearchQuery(
  tenantId: string,
  search: TicketSearch,
  f: TicketFilter,
  sort: Sort,
  order: 'asc' | 'desc',
  after: (string | number)[] | null,
  limit: number,
): { sql: string; args: InArgs } {
  const hits: string[] = [];
  const args: (string | number | null)[] = [];
  if (search.number !== null) {
    hits.push('SELECT id, 0 FROM tickets WHERE tenant_id = ? AND number = ?');
    args.push(tenantId, search.number);
  }
  if (search.fts) {
    hits.push(
      'SELECT ticket_id, CASE WHEN rowid < 0 THEN 1 ELSE 2 END FROM tickets_fts WHERE tickets_fts MATCH ? AND tenant_id = ?',
    );
    args.push(search.fts, tenantId);
  }
  // Requester: email from its start or its domain (`casey@…`, `example.com`), name from the start of any word.
  const like = likeEscape(search.text);
  hits.push(
    `SELECT id, 1 FROM tickets WHERE tenant_id = ? AND requester_id IN (
       SELECT id FROM customers WHERE tenant_id = ? AND (email LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\'
         OR name LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'))`,
  );
  args.push(tenantId, tenantId, `${like}%`, `%@${like}%`, `${like}%`, `% ${like}%`);
  if (!/\s/.test(search.text)) {
    const tag = search.text.toLowerCase();
    hits.push('SELECT ticket_id, 1 FROM ticket_tags WHERE tenant_id = ? AND tag >= ? AND tag < ?');
    args.push(tenantId, tag, tag + PREFIX_END);
  }

  const filter = filterConditions(tenantId, f);
  const where = [...filter.where];
  args.push(...filter.args);
  const cols = SORT_COLUMNS[sort];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  if (after) {
    const [tier, ...values] = after;
    where.push(
      `(best.tier > ? OR (best.tier = ? AND (${cols.join(', ')}) ${order === 'asc' ? '>' : '<'} (${placeholders(cols.length)})))`,
    );
    args.push(tier, tier, ...values);
  }
  args.push(limit + 1);
  const sql = `WITH hits (ticket_id, tier) AS (${hits.join(' UNION ALL ')}),
    best AS (SELECT ticket_id, min(tier) AS tier FROM hits GROUP BY ticket_id)
    SELECT t.*, c.email AS requester_email, c.name AS requester_name, best.tier AS search_tier
    FROM best CROSS JOIN tickets t ON t.id = best.ticket_id JOIN customers c ON c.id = t.requester_id
    WHERE ${where.join(' AND ')}
    ORDER BY best.tier ASC, ${cols.map((col) => `${col} ${dir}`).join(', ')} LIMIT ?`;
  return { sql, args };
}

export async function searchTicketRows(q: Queryable, query: { sql: string; args: InArgs }): Promise<SearchRow[]> {
  const rows = await q.all<SearchRow>(query.sql, query.args);
  return rows.map((r) => ({ ...r, search_tier: Number(r.search_tier) }));
}
