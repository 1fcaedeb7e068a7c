// Data export: tickets (those the caller may see) or customers as CSV or JSON, read in keyset batches.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { ExportResource } from './schemas.ts';

const BATCH = 1000;

/** Each batch query takes (tenantId, …its condition's args, after created_at, after id, limit). */
const COLUMNS: Record<
  ExportResource,
  { sql: (scope: TicketScope) => { sql: string; args: string[] }; header: string[] }
> = {
  tickets: {
    sql: (scope) => {
      const visible = scope.where('t');
      return {
        sql: `SELECT t.id, t.number, t.subject, t.status, t.priority, t.channel, c.email AS requester_email, c.name AS requester_name,
                t.assignee_id, t.tags, t.custom_fields, t.first_response_at, t.resolved_at, t.closed_at, t.created_at, t.updated_at,
                s.rating AS csat_rating, s.comment AS csat_comment, s.rated_at AS csat_rated_at
              FROM tickets t JOIN customers c ON c.id = t.requester_id
              LEFT JOIN csat_surveys s ON s.tenant_id = t.tenant_id AND s.ticket_id = t.id AND s.resolved_at = t.resolved_at
                AND s.rating IS NOT NULL
              WHERE t.tenant_id = ? AND t.spam = 0 AND ${visible.sql} AND (t.created_at, t.id) > (?, ?) ORDER BY t.created_at, t.id LIMIT ?`,
        args: visible.args,
      };
    },
    header: [
      'id',
      'number',
      'subject',
      'status',
      'priority',
      'channel',
      'requester_email',
      'requester_name',
      'assignee_id',
      'tags',
      'custom_fields',
      'first_response_at',
      'resolved_at',
      'closed_at',
      'created_at',
      'updated_at',
      'csat_rating',
      'csat_comment',
      'csat_rated_at',
    ],
  },
  customers: {
    sql: () => ({
      sql: `SELECT id, email, name, external_id, created_at FROM customers
            WHERE tenant_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`,
      args: [],
    }),
    header: ['id', 'email', 'name', 'external_id', 'created_at'],
  },
};

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs visitor text as a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function normalise(resource: ExportResource, row: Record<string, unknown>) {
  if (resource !== 'tickets') return row;
  return {
    ...row,
    tags: parseJson<string[]>(row.tags, []),
    custom_fields: parseJson<Record<string, unknown>>(row.custom_fields, {}),
  };
}

/** Yields the export in chunks so a large tenant is never held in memory whole; tickets only those in `scope`. */
export async function* exportRows(
  q: Queryable,
  tenantId: string,
  resource: ExportResource,
  format: 'csv' | 'json',
  scope: TicketScope,
) {
  const { header } = COLUMNS[resource];
  const { sql, args } = COLUMNS[resource].sql(scope);
  let after: [string, string] = ['', ''];
  let first = true;
  yield format === 'csv' ? header.join(',') + '\r\n' : '[';
  for (;;) {
    const rows = await q.all<Record<string, unknown>>(sql, [tenantId, ...args, after[0], after[1], BATCH]);
    if (rows.length === 0) break;
    let chunk = '';
    for (const raw of rows) {
      const row = normalise(resource, raw);
      if (format === 'csv') chunk += header.map((h) => csvCell(row[h])).join(',') + '\r\n';
      else {
        chunk += (first ? '\n' : ',\n') + JSON.stringify(row);
        first = false;
      }
    }
    yield chunk;
    const last = rows[rows.length - 1];
    after = [String(last.created_at), String(last.id)];
    if (rows.length < BATCH) break;
  }
  if (format === 'json') yield '\n]\n';
}
