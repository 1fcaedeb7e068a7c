// WebAuthn glue (`@simplewebauthn/server`): the relying party from PUBLIC_URL, options for registering a passkey
// and for signing in with one, and verification of the browser's answers. Any malformed answer is a 400.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { badRequest } from '../lib/problem.ts';
import type { PasskeyRow } from './queries.ts';

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export const relyingPartyOf = (publicUrl: string): RelyingParty => {
  const u = new URL(publicUrl);
  return { id: u.hostname, origin: u.origin, name: 'Helpdesk' };
};

export const passkeyRefused = () =>
  badRequest('The passkey could not be verified. Try again, or use another way to sign in.');

export async function registrationOptions(
  rp: RelyingParty,
  agent: { id: string; email: string; name: string },
  existing: PasskeyRow[],
) {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: agent.email,
    userDisplayName: agent.name,
    userID: new TextEncoder().encode(agent.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    // Discoverable, so the same passkey signs in without an email or password.
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
}

export async function verifyRegistration(rp: RelyingParty, response: unknown, expectedChallenge: string) {
  try {
    const v = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    if (!v.verified) throw passkeyRefused();
    const c = v.registrationInfo.credential;
    return {
      credentialId: c.id,
      publicKey: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: c.transports ?? [],
    };
  } catch {
    throw passkeyRefused();
  }
}

export async function authenticationOptions(rp: RelyingParty, allow: PasskeyRow[] | null) {
  return generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'preferred',
    allowCredentials: allow?.map((p) => ({ id: p.credentialId, transports: p.transports })),
  });
}

/** The credential id the browser's answer names, if it has one of the right shape. */
export function credentialIdOf(response: unknown): string | null {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,1024}$/.test(id) ? id : null;
}

export async function verifyAuthentication(
  rp: RelyingParty,
  response: unknown,
  expectedChallenge: string,
  passkey: PasskeyRow,
): Promise<number> {
  try {
    const v = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
    });
    if (!v.verified) throw passkeyRefused();
    return v.authenticationInfo.newCounter;
  } catch {
    throw passkeyRefused();
  }
}
