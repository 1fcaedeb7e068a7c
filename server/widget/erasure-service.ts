// "Delete my data" (issue 19): a returning visitor asks in the widget, a one-time link goes to the email on their
// tickets, and using that link (a POST from the page it opens) queues the erasure of the person: delete mode,
// requested by the visitor. Proof of the mailbox is the whole point: a visitor token only proves that someone filed
// a ticket with that address.
import type { Deps } from '../types.ts';
import { audit, actorTenant, type Actor } from '../audit/audit.ts';
import { sha256 } from '../lib/crypto.ts';
import { randomToken } from '../lib/ids.ts';
import { getCustomer } from '../customers/queries.ts';
import { isPlaceholderEmail } from '../chat/schemas.ts';
import { DEFAULT_BRANDING, getTenant, type TenantRecord } from '../tenants/queries.ts';
import { queueNotice } from '../mail/notice.ts';
import { ERASURE_LINK_HOURS, renderErasureConfirmation } from '../mail/templates.ts';
import { queueVisitorErasure } from '../privacy/visitor-erasure.ts';
import { deleteErasureConfirmations, findErasureConfirmation, insertErasureConfirmation } from './erasure-queries.ts';
import type { Visitor } from './visitor-tokens.ts';

/** A link token as we make them (anything else is the invalid-link page without a lookup). */
export const ERASURE_TOKEN_PATTERN = /^[0-9A-Za-z]{40}$/;
export const erasureLinkUrl = (publicUrl: string, token: string) => `${publicUrl}/erase/${token}`;

/** The erased person is the actor: the audit keeps that a visitor asked and when, not their address or IP. */
const visitorActor = (a: Actor): Actor => ({ ...a, ip: '' });
const AS_VISITOR = { actorType: 'visitor' as const, actorId: null };

/**
 * Sends the confirmation mail when the visitor's customer has a real email, and nothing otherwise; the caller
 * answers the same either way. Each call makes a new link (rate limits bound them); every link of the customer
 * goes once one is used.
 */
export async function requestErasureLink(
  deps: Deps,
  actor: Actor,
  tenant: TenantRecord,
  visitor: Visitor,
  locale: string,
) {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  const at = now.toISOString();
  const token = randomToken(40);
  await deps.db.tx(async (tx) => {
    const customer = await getCustomer(tx, tenantId, visitor.customerId);
    const email = customer?.email.trim().toLowerCase() ?? '';
    if (!customer || !/^[^\s@<>",;]+@[^\s@<>",;]+$/.test(email) || isPlaceholderEmail(email)) return;
    await insertErasureConfirmation(tx, tenantId, {
      tokenHash: sha256(token),
      customerId: customer.id,
      createdAt: at,
      expiresAt: new Date(now.getTime() + ERASURE_LINK_HOURS * 3600_000).toISOString(),
      locale,
    });
    const branding = { ...DEFAULT_BRANDING, ...tenant.branding };
    const mail = renderErasureConfirmation({
      tenant: { name: tenant.name, primaryColor: branding.primaryColor },
      url: erasureLinkUrl(deps.env.PUBLIC_URL, token),
      locale,
    });
    await queueNotice(
      tx,
      deps,
      tenantId,
      {
        kind: 'erasure_confirmation',
        fromName: tenant.name,
        to: { name: customer.name ?? '', address: email },
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
      },
      now,
    );
    await audit(
      visitorActor(actor),
      tx,
      {
        action: 'privacy.erasure_link_sent',
        targetType: 'customer',
        targetId: customer.id,
        actor: AS_VISITOR,
      },
      now,
    );
  });
}

/** Where a live link leads: the tenant's name and the visitor's language for the page. Null when the link is unknown, used or expired. */
export async function erasureLinkTarget(deps: Deps, token: string) {
  if (!ERASURE_TOKEN_PATTERN.test(token)) return null;
  const link = await findErasureConfirmation(deps.db, sha256(token), deps.now().toISOString());
  const tenant = link && (await getTenant(deps.db, link.tenantId));
  return tenant ? { tenantName: tenant.name, locale: link.locale } : null;
}

/**
 * Uses a link: every link of the customer is void and the erasure is queued, in one transaction (of two presses of
 * one link, only the first finds it). Answers the privacy request's id, or null for a link that cannot be used.
 */
export async function confirmErasure(deps: Deps, actor: Actor, token: string): Promise<string | null> {
  if (!ERASURE_TOKEN_PATTERN.test(token)) return null;
  // Made on first use, it writes: before the transaction.
  const key = await deps.fileUrlKey.get();
  const now = deps.now();
  const at = now.toISOString();
  return deps.db.tx(async (tx) => {
    const link = await findErasureConfirmation(tx, sha256(token), at);
    if (!link) return null;
    await deleteErasureConfirmations(tx, link.tenantId, link.customerId);
    const customer = await getCustomer(tx, link.tenantId, link.customerId);
    if (!customer) return null;
    const id = await queueVisitorErasure(tx, { tenantId: link.tenantId, email: customer.email, key, at });
    await audit(
      visitorActor(actor),
      tx,
      {
        tenantId: link.tenantId,
        action: 'privacy.erasure_requested',
        targetType: 'privacy_request',
        targetId: id,
        details: { mode: 'delete', via: 'widget' },
        actor: AS_VISITOR,
      },
      now,
    );
    return id;
  });
}
