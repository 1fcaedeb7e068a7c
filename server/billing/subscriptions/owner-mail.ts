// The mail a tenant's owners get when its subscription changes: a plain notice queued in mail_outbox in the
// change's own transaction (no ticket, no thread), sent by the mail worker like every other mail.
import type { Queryable } from '../../db/client.ts';
import type { TenantRecord } from '../../tenants/queries.ts';
import { oneLine } from '../../mail/outbound-threading.ts';
import { queueNotice, type NoticeDeps } from '../../mail/notice.ts';
import { escapeHtml } from '../../lib/html.ts';

export type OwnerMailDeps = NoticeDeps;

/** One mail per active owner; returns how many were queued. */
export async function queueOwnerMail(
  q: Queryable,
  deps: OwnerMailDeps,
  tenant: TenantRecord,
  mail: { subject: string; lines: string[] },
  now: Date,
): Promise<number> {
  const owners = await q.all<{ email: string; name: string }>(
    `SELECT email, name FROM agents WHERE tenant_id = ? AND role_id = 'owner' AND status = 'active' ORDER BY created_at`,
    [tenant.id],
  );
  const env = deps.env;
  const link = `${env.PUBLIC_URL}/inbox/#/settings/billing`;
  const subject = oneLine(`${tenant.name}: ${mail.subject}`);
  const text = [
    ...mail.lines,
    '',
    `Plan & billing: ${link}`,
    '',
    '--',
    `You are receiving this as an owner of ${tenant.name}.`,
    '',
  ].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif">${mail.lines
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join(
      '',
    )}<p><a href="${escapeHtml(link)}">Plan &amp; billing</a></p><p style="color:#7b8794;font-size:12px">You are receiving this as an owner of ${escapeHtml(tenant.name)}.</p></body></html>`;
  for (const o of owners)
    await queueNotice(
      q,
      deps,
      tenant.id,
      { kind: 'billing', fromName: tenant.name, to: { name: o.name, address: o.email }, subject, html, text },
      now,
    );
  return owners.length;
}
