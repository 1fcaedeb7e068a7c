// A SAML 2.0 identity provider built with samlify inside the test: a signing key and certificate made by openssl,
// its metadata (to paste into the help desk), the AuthnRequest it receives (parsed and schema-checked with
// xmllint), and responses written field by field so a test can make them expired, for another audience, answering
// another request, unsigned, signed by a stranger, or tampered with after signing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as samlify from 'samlify';
import * as xmllint from '@authenio/samlify-node-xmllint';

samlify.setSchemaValidator(xmllint);

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

function keyPair(cn: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hd-saml-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`].concat([
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ResponseFields {
  inResponseTo: string;
  email: string;
  name?: string;
  groups?: string[];
  /** Default: the SP's entity ID. */
  audience?: string;
  /** Default: the SP's ACS URL (the assertion's SubjectConfirmationData Recipient). */
  recipient?: string;
  /** Default: the SP's ACS URL (the Response's Destination). */
  destination?: string;
  /** Validity window; default from a minute ago to five minutes ahead. */
  notBefore?: Date;
  notOnOrAfter?: Date;
  assertionId?: string;
  /** `false`: the assertion is not signed; `'stranger'`: signed by a key the SP does not know. */
  signed?: boolean | 'stranger';
}

export interface TestSamlIdp {
  entityId: string;
  ssoUrl: string;
  metadataXml: string;
  /** The AuthnRequest of a redirect to this IdP (schema-checked): its id and who sent it. */
  parseRequest(redirectUrl: string): Promise<{ id: string; issuer: string; acsUrl: string | undefined }>;
  /** A base64 SAMLResponse for the SP whose metadata is `spMetadataXml`. */
  response(spMetadataXml: string, fields: ResponseFields): Promise<string>;
}

export function startSamlIdp(entityId = 'https://idp.test/saml'): TestSamlIdp {
  const own = keyPair('test-idp');
  const stranger = keyPair('stranger-idp');
  const ssoUrl = `${entityId}/sso`;
  const idpFor = (k: { key: string; cert: string }) =>
    samlify.IdentityProvider({
      entityID: entityId,
      signingCert: k.cert,
      privateKey: k.key,
      singleSignOnService: [{ Binding: REDIRECT, Location: ssoUrl }],
      wantAuthnRequestsSigned: false,
      isAssertionEncrypted: false,
    });
  const idp = idpFor(own);
  const strangerIdp = idpFor(stranger);

  async function parseRequest(redirectUrl: string) {
    const url = new URL(redirectUrl);
    const sp = samlify.ServiceProvider({ entityID: 'unknown', authnRequestsSigned: false });
    const query = Object.fromEntries(url.searchParams);
    const parsed = await idp.parseLoginRequest(sp, 'redirect', { query, octetString: url.search.slice(1) });
    const x = parsed.extract as { request: { id: string; assertionConsumerServiceUrl?: string }; issuer: string };
    return { id: x.request.id, issuer: x.issuer, acsUrl: x.request.assertionConsumerServiceUrl };
  }

  async function response(spMetadataXml: string, f: ResponseFields) {
    const signed = f.signed ?? true;
    const sp = samlify.ServiceProvider({
      metadata: signed === false ? spMetadataXml.replace(/\sWantAssertionsSigned="true"/, '') : spMetadataXml,
    });
    const acs = /<(?:\w+:)?AssertionConsumerService\b[^>]*\bLocation="([^"]+)"/.exec(spMetadataXml)![1];
    const spEntityId = /\bentityID="([^"]+)"/.exec(spMetadataXml)![1];
    const now = Date.now();
    const notBefore = (f.notBefore ?? new Date(now - 60_000)).toISOString();
    const notOnOrAfter = (f.notOnOrAfter ?? new Date(now + 5 * 60_000)).toISOString();
    const issueInstant = new Date(Math.min(now, Date.parse(notOnOrAfter) - 60_000)).toISOString();
    const recipient = f.recipient ?? acs;
    const destination = f.destination ?? acs;
    const attrs = [
      ['email', [f.email]],
      ...(f.name ? [['name', [f.name]]] : []),
      ...(f.groups?.length ? [['groups', f.groups]] : []),
    ] as [string, string[]][];
    const attributeStatement = `<saml:AttributeStatement>${attrs
      .map(
        ([n, vs]) =>
          `<saml:Attribute Name="${n}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${vs
            .map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`)
            .join('')}</saml:Attribute>`,
      )
      .join('')}</saml:AttributeStatement>`;
    const id = `_r${Math.random().toString(36).slice(2)}${now}`;
    const assertionId = f.assertionId ?? `_a${Math.random().toString(36).slice(2)}${now}`;
    const xml =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${issueInstant}" Destination="${esc(destination)}" InResponseTo="${esc(f.inResponseTo)}">` +
      `<saml:Issuer>${esc(entityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${esc(assertionId)}" Version="2.0" IssueInstant="${issueInstant}">` +
      `<saml:Issuer>${esc(entityId)}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(f.email)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${esc(recipient)}" InResponseTo="${esc(f.inResponseTo)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(f.audience ?? spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${issueInstant}" SessionIndex="${id}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `${attributeStatement}</saml:Assertion></samlp:Response>`;
    const made = await (signed === 'stranger' ? strangerIdp : idp).createLoginResponse(
      sp,
      { extract: { request: { id: f.inResponseTo } } },
      'post',
      { email: f.email },
      () => ({ id, context: xml }),
    );
    return (made as { context: string }).context;
  }

  return { entityId, ssoUrl, metadataXml: idp.getMetadata(), parseRequest, response };
}

/** The same response with `from` replaced by `to` inside it (after signing): a tampered response. */
export function tamper(samlResponse: string, from: string, to: string): string {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  if (!xml.includes(from)) throw new Error(`"${from}" is not in the response`);
  return Buffer.from(xml.split(from).join(to), 'utf8').toString('base64');
}
