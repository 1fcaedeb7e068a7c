// Who is signed in: the /me answer, sign in and out, and the permission check every page uses.
import { computed, signal } from '@preact/signals';
import { api, ApiError, sessionLost } from '../api.ts';
import type { Me } from '../types.ts';

/** undefined while the first /me call is in flight, null when nobody is signed in. */
export const me = signal<Me | null | undefined>(undefined);

/**
 * Set when the session is valid but the account is suspended or cancelled and this agent may not use it
 * (only its owner may): the sign-in page says so instead of pretending the session ended.
 */
export const accountBlocked = signal<{ status: string; detail: string } | null>(null);

/** The account is suspended or cancelled: read, export and sign out only. */
export const accountInactive = computed(() => !!me.value && me.value.tenant.subscription.status !== 'active');

export const permissions = computed(() => new Set(me.value?.permissions ?? []));

export function can(permission: string): boolean {
  return permissions.value.has(permission);
}

export async function loadMe(): Promise<void> {
  try {
    me.value = await api.get<Me>('/me');
    sessionLost.value = false;
    accountBlocked.value = null;
  } catch (e) {
    // The first look, before anyone signed in here: a 401 means "not signed in", not "your session ended".
    if (me.value === undefined) sessionLost.value = false;
    accountBlocked.value =
      e instanceof ApiError && e.tenantStatus ? { status: e.tenantStatus, detail: e.message } : null;
    me.value = null;
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  await api.post('/auth/login', { email, password });
  await loadMe();
}

export async function signOut(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } finally {
    me.value = null;
  }
}
