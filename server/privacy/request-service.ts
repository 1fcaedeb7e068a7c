// Starting a privacy request: one queued row plus its audit entry, the same for a subject export and an erasure.
import type { Deps } from '../types.ts';
import { audit, actorTenant, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { insertPrivacyRequest, type PrivacyRequestRow } from './queries.ts';
import type { ErasureMode } from './schemas.ts';
import { subjectHash } from './subject.ts';

/** Who asked, as the request row keeps it (never the email beyond the wait). */
export function requester(actor: Actor): { type: string; id: string | null } {
  const p = actor.principal;
  if (p?.kind === 'agent') return { type: 'agent', id: p.agentId };
  if (p?.kind === 'api-key') return { type: 'api-key', id: p.apiKeyId };
  return { type: p?.kind ?? 'anonymous', id: null };
}

/**
 * Queues an export (mode null) or an erasure of the person with `email`; the privacy worker runs it. The audit
 * entry says who asked, when and how, never whom: the email is the data asked about.
 */
export async function startPrivacyRequest(
  deps: Deps,
  actor: Actor,
  kind: PrivacyRequestRow['kind'],
  mode: ErasureMode | null,
  email: string,
): Promise<PrivacyRequestRow['id']> {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  const hash = subjectHash(await deps.fileUrlKey.get(), tenantId, email);
  const id = newId('prx');
  const by = requester(actor);
  await deps.db.tx(async (tx) => {
    await insertPrivacyRequest(tx, {
      id,
      tenant_id: tenantId,
      kind,
      mode: kind === 'erasure' ? (mode ?? 'redact') : null,
      email,
      subject_hash: hash,
      requested_by_type: by.type,
      requested_by_id: by.id,
      created_at: now.toISOString(),
    });
    await audit(
      actor,
      tx,
      {
        action: `privacy.${kind}_requested`,
        targetType: 'privacy_request',
        targetId: id,
        ...(kind === 'erasure' ? { details: { mode: mode ?? 'redact' } } : {}),
      },
      now,
    );
  });
  return id;
}
