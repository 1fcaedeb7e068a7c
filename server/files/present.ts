// What a reader sees of attachments: metadata always (url null), and a signed link for the reader who asks.
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import type { AttachmentRow } from './queries.ts';
import type { Attachment } from './schemas.ts';
import { signLink, type Reader } from './signed-url.ts';

/** The reader an agent's or an API key's request is. */
export function readerOf(c: Context<AppEnv>): Reader {
  const p = tenantPrincipal(c);
  return p.kind === 'agent' ? { kind: 'agent', id: p.agentId } : { kind: 'api-key', id: p.apiKeyId };
}

/** What a client sees of a file row: a whole AttachmentRow, or the few fields a thread reads (ThreadAttachmentRow). */
export function toAttachment<R extends Pick<AttachmentRow, 'id' | 'filename' | 'content_type' | 'size' | 'status'>>(
  r: R,
): Attachment {
  return { id: r.id, filename: r.filename, contentType: r.content_type, size: r.size, status: r.status, url: null };
}

/** A signer for one reader and one moment: `link(tenantId, attachment)` is its download URL, or null when it may not be downloaded. */
export async function linkSigner(deps: Pick<Deps, 'fileUrlKey' | 'env' | 'now'>, reader: Reader) {
  const key = await deps.fileUrlKey.get();
  const expires = Math.floor(deps.now().getTime() / 1000) + deps.env.FILE_URL_TTL_MINUTES * 60;
  const base = `${deps.env.PUBLIC_URL}/api/v1/files/`;
  return (tenantId: string, a: Attachment): string | null => {
    if (a.status !== 'ready') return null;
    const q = new URLSearchParams({ ...signLink(key, tenantId, a.id, reader, expires) });
    return `${base}${a.id}?${q}`;
  };
}

/**
 * Messages with download links for `reader`. Visitors and customers never see a quarantined file at all;
 * agents see it, marked infected, without a link.
 */
export async function withLinks<M extends { attachments: Attachment[] }>(
  deps: Pick<Deps, 'fileUrlKey' | 'env' | 'now'>,
  tenantId: string,
  reader: Reader,
  messages: M[],
): Promise<M[]> {
  if (!messages.some((m) => m.attachments.length)) return messages;
  const link = await linkSigner(deps, reader);
  const agentSide = reader.kind === 'agent' || reader.kind === 'api-key';
  return messages.map((m) =>
    m.attachments.length
      ? {
          ...m,
          attachments: m.attachments
            .filter((a) => agentSide || a.status !== 'infected')
            .map((a) => ({ ...a, url: link(tenantId, a) })),
        }
      : m,
  );
}

export async function withLinksOne<M extends { attachments: Attachment[] }>(
  deps: Pick<Deps, 'fileUrlKey' | 'env' | 'now'>,
  tenantId: string,
  reader: Reader,
  message: M,
): Promise<M> {
  return (await withLinks(deps, tenantId, reader, [message]))[0];
}

/** An event's data as a stream sends it to `reader`: a new message's files, or a scanned file, get links for that reader. */
export async function withEventLinks(
  deps: Pick<Deps, 'fileUrlKey' | 'env' | 'now'>,
  tenantId: string,
  reader: Reader,
  type: string,
  data: unknown,
): Promise<unknown> {
  if (data === null || typeof data !== 'object') return data;
  if (type === 'attachment.scanned') {
    const d = data as { ticketId: string; attachment: Attachment };
    const link = await linkSigner(deps, reader);
    return { ...d, attachment: { ...d.attachment, url: link(tenantId, d.attachment) } };
  }
  if (type !== 'message.created') return data;
  const d = data as { message?: { attachments?: Attachment[] } };
  if (!d.message?.attachments?.length) return data;
  return { ...d, message: await withLinksOne(deps, tenantId, reader, d.message as { attachments: Attachment[] }) };
}
