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

/** The second sign-in step waiting for a code or a passkey (the password was right). */
export const pendingTwoFactor = signal<{ challenge: string; methods: ('totp' | 'passkey')[] } | null>(null);

/** The tenant requires two-factor and this agent has none yet: the inbox shows only the enrolment walk-through. */
export const enrolmentRequired = signal(false);

/** Reads whether the agent must still enrol (the server refuses everything else with 403 until they do). */
export async function checkEnrolment(m: Me | null | undefined = me.value): Promise<void> {
  if (!m?.agent || !m.tenant.security.requireTwoFactor) {
    enrolmentRequired.value = false;
    return;
  }
  try {
    const s = await api.get<{ enrolled: boolean }>('/me/two-factor');
    enrolmentRequired.value = !s.enrolled;
  } catch (e) {
    enrolmentRequired.value = e instanceof ApiError && e.problem.twoFactorEnrolmentRequired === true;
  }
}

export async function loadMe(): Promise<void> {
  try {
    const m = await api.get<Me>('/me');
    await checkEnrolment(m);
    me.value = m;
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
  const r = await api.post<{ twoFactorRequired?: true; challenge?: string; methods?: ('totp' | 'passkey')[] }>(
    '/auth/login',
    { email, password },
  );
  if (r.twoFactorRequired && r.challenge) {
    pendingTwoFactor.value = { challenge: r.challenge, methods: r.methods ?? ['totp'] };
    return;
  }
  await loadMe();
}

/** The second step with a code from the authenticator app or a recovery code. */
export async function completeTwoFactor(code: string): Promise<void> {
  const p = pendingTwoFactor.value;
  if (!p) return;
  await api.post('/auth/two-factor', { challenge: p.challenge, code });
  pendingTwoFactor.value = null;
  await loadMe();
}

/** The second step with a passkey of this agent. */
export async function completeTwoFactorPasskey(): Promise<void> {
  const p = pendingTwoFactor.value;
  if (!p) return;
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const optionsJSON = await api.post<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
    '/auth/two-factor/passkey-options',
    { challenge: p.challenge },
  );
  const response = await startAuthentication({ optionsJSON });
  await api.post('/auth/two-factor/passkey', { challenge: p.challenge, response });
  pendingTwoFactor.value = null;
  await loadMe();
}

/** Sign in without a password, with a discoverable passkey. */
export async function signInWithPasskey(): Promise<void> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const { options, ceremony } = await api.post<{
    options: Parameters<typeof startAuthentication>[0]['optionsJSON'];
    ceremony: string;
  }>('/auth/passkey/options');
  const response = await startAuthentication({ optionsJSON: options });
  await api.post('/auth/passkey', { ceremony, response });
  await loadMe();
}

export async function signOut(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } finally {
    enrolmentRequired.value = false;
    me.value = null;
  }
}
