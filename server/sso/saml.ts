// The SAML 2.0 service provider (@node-saml/node-saml): the IdP metadata an owner pastes (entityID, SSO URL, signing
// certificates), this tenant's SP metadata, the AuthnRequest (HTTP-Redirect) and the checks of a POSTed response
// beyond the library's: Recipient and Destination are the ACS URL, the Issuer is the IdP, the assertion has an id.
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { SamlSettings } from './queries.ts';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** How long a sent AuthnRequest may be answered. */
export const SAML_REQUEST_TTL_MS = 10 * 60 * 1000;
/** Clocks of IdP and SP may differ this much. */
const CLOCK_SKEW_MS = 60 * 1000;

export class SamlMetadataError extends Error {}

function parseXml(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, msg: unknown) => {
      if (level !== 'warning') errors.push(String(msg));
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length || !doc?.documentElement) throw new SamlMetadataError('is not well-formed XML');
  return doc;
}

/** entityID, the SSO URL (HTTP-Redirect binding) and the signing certificates of pasted IdP metadata. */
export function parseIdpMetadata(xml: string): Omit<SamlSettings, 'idpMetadataXml'> {
  if (/<!DOCTYPE/i.test(xml)) throw new SamlMetadataError('must not contain a DOCTYPE');
  const doc = parseXml(xml);
  const entity = Array.from(doc.getElementsByTagNameNS(MD, 'EntityDescriptor'))[0];
  const entityId = entity?.getAttribute('entityID');
  if (!entity || !entityId) throw new SamlMetadataError('has no EntityDescriptor with an entityID');
  const idp = Array.from(entity.getElementsByTagNameNS(MD, 'IDPSSODescriptor'))[0];
  if (!idp) throw new SamlMetadataError('has no IDPSSODescriptor (is it the metadata of an identity provider?)');
  const sso = Array.from(idp.getElementsByTagNameNS(MD, 'SingleSignOnService')).find(
    (s) => s.getAttribute('Binding') === REDIRECT_BINDING,
  );
  const ssoUrl = sso?.getAttribute('Location');
  if (!ssoUrl || !/^https?:\/\//.test(ssoUrl))
    throw new SamlMetadataError('has no SingleSignOnService with the HTTP-Redirect binding');
  const certs = Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    .filter((k) => !k.getAttribute('use') || k.getAttribute('use') === 'signing')
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(DSIG, 'X509Certificate')))
    .map((c) => (c.textContent ?? '').replace(/\s+/g, ''))
    .filter((c) => /^[A-Za-z0-9+/=]{100,}$/.test(c));
  if (!certs.length) throw new SamlMetadataError('has no signing certificate (KeyDescriptor with X509Certificate)');
  return { idpEntityId: entityId, idpSsoUrl: ssoUrl, idpCerts: [...new Set(certs)] };
}

const pem = (b64: string) =>
  `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;

export interface SpEndpoints {
  entityId: string;
  acsUrl: string;
}

/**
 * The library configured for one tenant. `requests` answers whether a request id is live (and when it was made);
 * using it up is the caller's, in its own transaction, so saving and removing here do nothing.
 */
export function samlFor(
  sp: SpEndpoints,
  idp: SamlSettings | null,
  requests?: { createdAt(id: string): Promise<string | null> },
  requestId?: string,
) {
  const cacheProvider: CacheProvider = {
    saveAsync: async (key, value) => ({ value, createdAt: Date.now() }),
    getAsync: async (key) => (requests ? requests.createdAt(key) : null),
    removeAsync: async () => null,
  };
  return new SAML({
    callbackUrl: sp.acsUrl,
    issuer: sp.entityId,
    audience: sp.entityId,
    entryPoint: idp?.idpSsoUrl,
    // The metadata may be generated before any IdP is known; no response is checked then.
    idpCert: idp ? idp.idpCerts.map(pem) : 'unset',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_REQUEST_TTL_MS,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    cacheProvider,
    generateUniqueId: requestId ? () => requestId : undefined,
  });
}

export function spMetadata(sp: SpEndpoints): string {
  return samlFor(sp, null).generateServiceProviderMetadata(null, null);
}

/** What a verified response says about the person, and the facts the caller checks against its own state. */
export interface SamlIdentity {
  email: string | null;
  name: string | null;
  groups: string[];
  assertionId: string;
  inResponseTo: string;
  /** When the assertion stops being valid: its id is kept until then. */
  notOnOrAfter: string | null;
}

const first = (v: unknown): string | null =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null;
const all = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

const EMAIL_ATTRS = ['email', 'mail', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'];
const NAME_ATTRS = ['name', 'displayName', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'cn'];
const GROUP_ATTRS = ['groups', 'memberOf', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', 'Group'];

/** The attribute mapping: email (else an email-shaped NameID), name, groups. */
function identityOf(profile: Profile) {
  const attrs = (profile.attributes ?? {}) as Record<string, unknown>;
  const pick = (names: string[]) => names.map((n) => first(attrs[n])).find((v) => v) ?? null;
  const email = pick(EMAIL_ATTRS) ?? (profile.nameID?.includes('@') ? profile.nameID : null);
  const given = first(attrs.givenName);
  const sur = first(attrs.surname ?? attrs.sn);
  const name = pick(NAME_ATTRS) ?? ([given, sur].filter(Boolean).join(' ') || null);
  const groups = GROUP_ATTRS.flatMap((n) => all(attrs[n]));
  return { email, name, groups };
}

export class SamlResponseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why the library refused, as a short code for the audit log and the sign-in page. */
function codeOf(message: string): string {
  if (/InResponseTo/i.test(message)) return 'saml_in_response_to';
  if (/signature/i.test(message)) return 'saml_signature';
  if (/audience/i.test(message)) return 'saml_audience';
  if (/expired|not yet valid|NotBefore|NotOnOrAfter|subject confirmation/i.test(message)) return 'saml_expired';
  return 'saml_invalid';
}

/**
 * Verifies a POSTed SAMLResponse: signature on the assertion (wantAssertionsSigned), audience, time window,
 * InResponseTo a live request (via `requests`), then Recipient, Destination and Issuer here.
 */
export async function verifySamlResponse(
  sp: SpEndpoints,
  idp: SamlSettings,
  samlResponse: string,
  requests: { createdAt(id: string): Promise<string | null> },
): Promise<SamlIdentity> {
  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(sp, idp, requests).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SamlResponseError(codeOf(message), message);
  }
  if (!profile) throw new SamlResponseError('saml_invalid', 'The response carries no assertion.');
  if (profile.issuer !== idp.idpEntityId)
    throw new SamlResponseError('saml_issuer', `The assertion's issuer is not ${idp.idpEntityId}.`);
  const response = parseXml(Buffer.from(samlResponse, 'base64').toString('utf8')).documentElement!;
  const destination = response.getAttribute('Destination');
  if (response.namespaceURI === PROTOCOL && destination && destination !== sp.acsUrl)
    throw new SamlResponseError('saml_destination', 'The response is addressed to another Destination.');
  const assertion = parseXml(profile.getAssertionXml!()).documentElement!;
  const confirmations = Array.from(assertion.getElementsByTagNameNS(ASSERTION, 'SubjectConfirmationData'));
  if (!confirmations.length || confirmations.some((c) => c.getAttribute('Recipient') !== sp.acsUrl))
    throw new SamlResponseError('saml_recipient', 'The assertion names another Recipient than this ACS URL.');
  const assertionId = assertion.getAttribute('ID');
  if (!assertionId) throw new SamlResponseError('saml_invalid', 'The assertion has no ID.');
  const conditions = Array.from(assertion.getElementsByTagNameNS(ASSERTION, 'Conditions'))[0];
  const notOnOrAfter =
    conditions?.getAttribute('NotOnOrAfter') || confirmations[0]?.getAttribute('NotOnOrAfter') || null;
  return {
    ...identityOf(profile),
    assertionId,
    inResponseTo: String(profile.inResponseTo),
    notOnOrAfter,
  };
}
