// SAML single sign-on against an identity provider built with samlify in the test: metadata both ways, a good
// response signs in (attributes mapped), and tampered, unsigned, stranger-signed, expired, wrong-audience,
// wrong-recipient, unanswered and replayed responses are refused, audited, and change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { startSamlIdp, tamper, type ResponseFields, type TestSamlIdp } from '../test-support/saml-idp.ts';
import { auditActions, countAgents, enterpriseTenant, sessionFrom } from './test-helpers.ts';

const PUBLIC_URL = 'http://localhost:8787';
const idp: TestSamlIdp = startSamlIdp();

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ env: { PUBLIC_URL } });
});
afterEach(() => h.close());

let n = 0;
async function samlTenant() {
  const domain = `saml${++n}-${Math.random().toString(36).slice(2, 6)}.test`;
  const t = await enterpriseTenant(h, `owner@${domain}`);
  const put = await h.json('PUT', '/api/v1/sso', {
    ...t.as,
    body: { protocol: 'saml', idpMetadataXml: idp.metadataXml, domains: [domain] },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const meta = await h.req('GET', put.body.endpoints.samlMetadataUrl.replace(PUBLIC_URL, ''));
  expect(meta.status).toBe(200);
  const spMetadata = await meta.text();
  return { ...t, domain, config: put.body, spMetadata, acsPath: new URL(put.body.endpoints.samlAcsUrl).pathname };
}

type Tenant = Awaited<ReturnType<typeof samlTenant>>;

/** Starts a sign-in for `email` and returns the AuthnRequest id the IdP received. */
async function startFor(email: string) {
  const r = await h.req('GET', `/api/v1/auth/sso?email=${encodeURIComponent(email)}`);
  expect(r.status).toBe(302);
  const location = r.headers.get('location')!;
  expect(location.startsWith(idp.ssoUrl)).toBe(true);
  return idp.parseRequest(location);
}

async function post(t: Tenant, samlResponse: string) {
  return h.req('POST', t.acsPath, {
    rawBody: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://idp.test' },
  });
}

async function respond(t: Tenant, email: string, fields: Partial<ResponseFields> = {}) {
  const request = await startFor(email);
  return idp.response(t.spMetadata, { inResponseTo: request.id, email, ...fields });
}

/** The answer was refused with `code`: back to sign-in, no session, no agent made, the refusal audited. */
async function expectRefused(t: Tenant, res: Response, code: string) {
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=${code}`);
  expect(sessionFrom(res)).toBeNull();
  expect(await countAgents(h, t.tenant.id)).toBe(1);
  const refused = await auditActions(h, t.tenant.id, 'auth.sso_refused');
  expect(refused.at(-1)!.details).toMatchObject({ protocol: 'saml', code });
}

describe('SAML configuration', () => {
  it('reads entity ID, SSO URL and certificate from pasted metadata; serves SP metadata with signed assertions wanted', async () => {
    const t = await samlTenant();
    expect(t.config).toMatchObject({
      protocol: 'saml',
      idpEntityId: idp.entityId,
      idpSsoUrl: idp.ssoUrl,
      redirectUri: `${PUBLIC_URL}/api/v1/auth/sso/saml/${t.tenant.id}/acs`,
      clientSecretSet: false,
    });
    expect(t.spMetadata).toContain(`entityID="${t.config.endpoints.samlEntityId}"`);
    expect(t.spMetadata).toContain(`Location="${t.config.endpoints.samlAcsUrl}"`);
    expect(t.spMetadata).toContain('WantAssertionsSigned="true"');
    expect(t.spMetadata).toContain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
  });

  it('refuses metadata that is not an IdP’s (422 on idpMetadataXml), saving nothing', async () => {
    const t = await enterpriseTenant(h, 'owner@badmeta.test');
    for (const xml of ['<not xml', '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>']) {
      const r = await h.json('PUT', '/api/v1/sso', {
        ...t.as,
        body: { protocol: 'saml', idpMetadataXml: xml, domains: ['badmeta.test'] },
      });
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('idpMetadataXml');
    }
    expect(await h.db.get('SELECT 1 FROM sso_domains WHERE domain = ?', ['badmeta.test'])).toBeUndefined();
  });
});

describe('SAML sign-in', () => {
  it('sends a schema-valid AuthnRequest and signs in with a good response, mapping email, name and groups', async () => {
    const t = await samlTenant();
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { groupRoles: [{ group: 'helpdesk-viewers', roleId: 'viewer' }] } },
    });
    const email = `ada@${t.domain}`;
    const request = await startFor(email);
    expect(request.issuer).toBe(t.config.endpoints.samlEntityId);
    const saml = await idp.response(t.spMetadata, {
      inResponseTo: request.id,
      email,
      name: 'Ada Lovelace',
      groups: ['staff', 'helpdesk-viewers'],
    });
    const res = await post(t, saml);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/`);
    const me = await h.json('GET', '/api/v1/me', { cookie: sessionFrom(res)! });
    expect(me.body.agent).toMatchObject({ email, name: 'Ada Lovelace', roleId: 'viewer' });
    const session = await h.db.get<{ method: string }>('SELECT method FROM sessions WHERE agent_id = ?', [
      me.body.agent.id,
    ]);
    expect(session!.method).toBe('saml');
    expect((await auditActions(h, t.tenant.id, 'auth.sso_login'))[0].details).toMatchObject({
      protocol: 'saml',
      email,
      created: true,
    });

    // The very same response again: its request is used up and its assertion id seen.
    const again = await post(t, saml);
    expect(again.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=saml_in_response_to`);
    expect(sessionFrom(again)).toBeNull();
  });

  it('refuses a replayed assertion id even when it answers a new request', async () => {
    const t = await samlTenant();
    const email = `bob@${t.domain}`;
    const first = await post(t, await respond(t, email, { assertionId: '_replayed-assertion-1' }));
    expect(first.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/`);
    const agents = await countAgents(h, t.tenant.id);
    const res = await post(t, await respond(t, email, { assertionId: '_replayed-assertion-1' }));
    expect(res.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=saml_replay`);
    expect(sessionFrom(res)).toBeNull();
    expect(await countAgents(h, t.tenant.id)).toBe(agents);
  });

  it('refuses a response tampered with after signing', async () => {
    const t = await samlTenant();
    const good = await respond(t, `carol@${t.domain}`);
    await expectRefused(t, await post(t, tamper(good, `carol@${t.domain}`, `mallory@${t.domain}`)), 'saml_signature');
  });

  it('refuses an unsigned assertion and one signed by a key the metadata does not name', async () => {
    const t = await samlTenant();
    await expectRefused(t, await post(t, await respond(t, `dan@${t.domain}`, { signed: false })), 'saml_signature');
    await expectRefused(
      t,
      await post(t, await respond(t, `dan@${t.domain}`, { signed: 'stranger' })),
      'saml_signature',
    );
  });

  it('refuses an expired assertion', async () => {
    const t = await samlTenant();
    const past = Date.now() - 60 * 60_000;
    const saml = await respond(t, `eve@${t.domain}`, {
      notBefore: new Date(past - 5 * 60_000),
      notOnOrAfter: new Date(past),
    });
    await expectRefused(t, await post(t, saml), 'saml_expired');
  });

  it('refuses an assertion for another audience', async () => {
    const t = await samlTenant();
    const saml = await respond(t, `fay@${t.domain}`, { audience: 'https://some-other-sp.test/metadata' });
    await expectRefused(t, await post(t, saml), 'saml_audience');
  });

  it('refuses an assertion for another Recipient, and a response for another Destination', async () => {
    const t = await samlTenant();
    const other = await samlTenant();
    const saml = await respond(t, `gus@${t.domain}`, { recipient: other.config.endpoints.samlAcsUrl });
    await expectRefused(t, await post(t, saml), 'saml_recipient');
    const misaddressed = await respond(t, `gus@${t.domain}`, { destination: other.config.endpoints.samlAcsUrl });
    await expectRefused(t, await post(t, misaddressed), 'saml_destination');
  });

  it('refuses a response answering no request of ours (wrong InResponseTo)', async () => {
    const t = await samlTenant();
    await startFor(`hal@${t.domain}`);
    const saml = await idp.response(t.spMetadata, { inResponseTo: '_never-sent', email: `hal@${t.domain}` });
    await expectRefused(t, await post(t, saml), 'saml_in_response_to');
  });

  it("refuses a request id of another account, and an email outside the account's domains", async () => {
    const t = await samlTenant();
    const other = await samlTenant();
    // A request the other account started, answered to this account's ACS.
    const theirs = await startFor(`ivy@${other.domain}`);
    const saml = await idp.response(t.spMetadata, { inResponseTo: theirs.id, email: `ivy@${t.domain}` });
    await expectRefused(t, await post(t, saml), 'saml_in_response_to');
    await expectRefused(
      t,
      await post(t, await respond(t, `ivy@${t.domain}`, { email: `ivy@${other.domain}` })),
      'sso_domain',
    );
  });
});
