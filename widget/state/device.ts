// The one thing the widget ever stores on the visitor's device, and only after they submit or identify: their visitor token.

const key = (tenantId: string) => `helpdesk:${tenantId}:visitor`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (sandboxed frames, strict privacy modes): the widget still works for this visit
  }
}

export const readStoredToken = (tenantId: string) => storage()?.getItem(key(tenantId)) ?? null;

/** null removes it (forget me, destroy). */
export function storeToken(tenantId: string, token: string | null) {
  const s = storage();
  if (token) s?.setItem(key(tenantId), token);
  else s?.removeItem(key(tenantId));
}
