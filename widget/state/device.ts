// The one thing the widget stores on the visitor's device, and only after they submit or identify:
// their visitor token, and the last message they saw per ticket (so a reply that came while they were away shows as new).

export interface Visit {
  token: string;
  /** ticket id → id of the last message the visitor had on screen */
  seen: Record<string, string>;
  /** the live chat's ticket id, so the conversation continues on the next page */
  chat?: string | null;
}

const key = (tenantId: string) => `helpdesk:${tenantId}:visitor`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (sandboxed frames, strict privacy modes): the widget still works for this visit
  }
}

export function readVisit(tenantId: string): Visit | null {
  const raw = storage()?.getItem(key(tenantId));
  if (!raw) return null;
  try {
    return { seen: {}, ...JSON.parse(raw) };
  } catch {
    return { token: raw, seen: {} }; // the bare token that widgets before "seen" stored
  }
}

/** null removes the entry (forget me, destroy). */
export function storeVisit(tenantId: string, v: Visit | null) {
  const s = storage();
  if (v) s?.setItem(key(tenantId), JSON.stringify(v));
  else s?.removeItem(key(tenantId));
}
