// A real OpenID provider (npm `oidc-provider`) on loopback and a free port, for the SSO tests: one confidential
// client, accounts given by the test (claims: email, name, groups), the provider's own dev login and consent pages
// (any password is accepted). `signIn()` walks those pages over HTTP, as a browser would, for vitest.
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { freePort } from '../mail/outbound-test-support.ts';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claims per login name; a login not listed gets `email: <login>`. */
  accounts: Map<string, TestAccount>;
  /**
   * Follows an authorization URL through the dev login (as `login`) and consent pages; returns the URL the provider
   * redirects back to (the relying party's callback with `code` and `state`).
   */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  stop(): Promise<void>;
}

export async function startOidcProvider(opts: { redirectUris: string[] }): Promise<TestOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'helpdesk-test';
  const clientSecret = 'test-client-secret-0123456789abcdef';
  const accounts = new Map<string, TestAccount>();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The ID token carries the scope's claims (the relying party reads them from it).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    async findAccount(_ctx, id) {
      const a = accounts.get(id) ?? { email: id };
      return {
        accountId: id,
        claims: async () => ({ sub: id, ...a }),
      };
    },
  });
  // Keep the test output free of the provider's development warnings.
  provider.on('server_error', () => {});
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  async function signIn(authorizationUrl: string, login: string): Promise<URL> {
    const jar = new Map<string, string>();
    const remember = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let url = new URL(authorizationUrl);
    let method = 'GET';
    let body: URLSearchParams | undefined;
    for (let hops = 0; hops < 20; hops++) {
      if (!url.href.startsWith(issuer)) return url;
      const res = await fetch(url, { method, body, headers: { cookie: cookie() }, redirect: 'manual' });
      remember(res);
      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url);
        method = 'GET';
        body = undefined;
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      if (!action || !prompt) throw new Error(`Unexpected page at ${url.href} (${res.status}):\n${html.slice(0, 500)}`);
      url = new URL(action.replace(/&amp;/g, '&'), url);
      method = 'POST';
      body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    }
    throw new Error('Too many redirects at the OpenID provider');
  }

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signIn,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
