// The OpenID Connect relying party (openid-client v6): discovery of the tenant's issuer, the authorization URL of a
// code flow with PKCE, state and nonce, and the code exchange that checks all three and the ID token.
import * as client from 'openid-client';

/** Plain http is accepted for an issuer on this machine only (a development or test provider). */
function isLoopback(url: URL) {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class OidcDiscoveryError extends Error {}

export async function discover(issuer: string, clientId: string, clientSecret: string): Promise<client.Configuration> {
  const url = new URL(issuer);
  try {
    return await client.discovery(url, clientId, undefined, client.ClientSecretBasic(clientSecret), {
      execute: isLoopback(url) ? [client.allowInsecureRequests] : [],
      timeout: 10,
    });
  } catch (err) {
    throw new OidcDiscoveryError(err instanceof Error ? err.message : String(err));
  }
}

export interface OidcStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function authorizationUrl(
  config: client.Configuration,
  redirectUri: string,
  loginHint: string,
): Promise<OidcStart> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    login_hint: loginHint,
  });
  return { url: url.href, state, nonce, codeVerifier };
}

export interface OidcIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
  groups: string[];
}

export class OidcCallbackError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `callbackUrl`: the redirect URI with the query the provider sent back. */
export async function exchangeCode(
  config: client.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<OidcIdentity> {
  let tokens;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
  } catch (err) {
    // openid-client wraps oauth4webapi's error, whose message and cause (`{ claim: 'nonce' }`) say what failed.
    const chain: string[] = [];
    for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
      if (e instanceof Error) chain.push(e.message);
      else if (typeof (e as { claim?: unknown }).claim === 'string')
        chain.push(`claim ${(e as { claim: string }).claim}`);
    }
    const message = chain.join(': ') || String(err);
    const nonce = /nonce/i.test(message);
    throw new OidcCallbackError(nonce ? 'oidc_nonce' : 'oidc_exchange', message);
  }
  const claims = tokens.claims();
  if (!claims) throw new OidcCallbackError('oidc_exchange', 'The provider sent no ID token.');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const groups = Array.isArray(claims.groups)
    ? claims.groups.filter((g): g is string => typeof g === 'string')
    : typeof claims.groups === 'string'
      ? [claims.groups]
      : [];
  return {
    subject: claims.sub,
    email: str(claims.email),
    emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : null,
    name: str(claims.name) ?? ([str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ') || null),
    groups,
  };
}
