// The single sign-on form ↔ API body, and the sign-in page's sentences for refused SSO answers.
import { describe, expect, it } from 'vitest';
import { domainsOf, ssoBodyOf, ssoFormOf } from './security-sso.tsx';
import { SSO_ERRORS, ssoErrorSentence } from '../sign-in-sso.tsx';
import type { SsoConfig } from '../../types.ts';

const endpoints = {
  oidcRedirectUri: 'https://hd.example/api/v1/auth/sso/oidc/callback',
  samlEntityId: 'https://hd.example/api/v1/auth/sso/saml/ten_1/metadata',
  samlAcsUrl: 'https://hd.example/api/v1/auth/sso/saml/ten_1/acs',
  samlMetadataUrl: 'https://hd.example/api/v1/auth/sso/saml/ten_1/metadata',
};
const saved: SsoConfig = {
  configured: true,
  protocol: 'oidc',
  redirectUri: endpoints.oidcRedirectUri,
  endpoints,
  domains: ['acme.test', 'acme.example'],
  enforce: true,
  defaultRoleId: 'viewer',
  breakGlassAgentId: 'agt_owner',
  issuer: 'https://login.acme.test',
  clientId: 'helpdesk',
  clientSecretSet: true,
  idpEntityId: null,
  idpSsoUrl: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the single sign-on form', () => {
  it('round-trips a saved OIDC configuration without sending the secret again', () => {
    const body = ssoBodyOf(ssoFormOf(saved));
    expect(body).toEqual({
      protocol: 'oidc',
      issuer: 'https://login.acme.test',
      clientId: 'helpdesk',
      domains: ['acme.test', 'acme.example'],
      enforce: true,
      defaultRoleId: 'viewer',
      breakGlassAgentId: 'agt_owner',
    });
    expect(body).not.toHaveProperty('clientSecret');
    expect(ssoBodyOf({ ...ssoFormOf(saved), clientSecret: 'new' }).clientSecret).toBe('new');
  });

  it('sends only SAML fields for SAML, and no break-glass owner as null', () => {
    const form = { ...ssoFormOf(saved), protocol: 'saml' as const, idpMetadataXml: '<x/>', breakGlassAgentId: '' };
    expect(ssoBodyOf(form)).toEqual({
      protocol: 'saml',
      idpMetadataXml: '<x/>',
      domains: ['acme.test', 'acme.example'],
      enforce: true,
      defaultRoleId: 'viewer',
      breakGlassAgentId: null,
    });
    expect(ssoBodyOf({ ...form, idpMetadataXml: '  ' })).not.toHaveProperty('idpMetadataXml');
  });

  it('reads domains from lines, commas or @-prefixed entries', () => {
    expect(domainsOf('Acme.test, @acme.example\n\n support.acme.test ')).toEqual([
      'acme.test',
      'acme.example',
      'support.acme.test',
    ]);
  });

  it('an empty configuration starts as OIDC with the agent role', () => {
    const form = ssoFormOf({
      ...saved,
      configured: false,
      protocol: null,
      domains: [],
      enforce: false,
      defaultRoleId: 'agent',
      breakGlassAgentId: null,
      issuer: null,
      clientId: null,
    });
    expect(form).toMatchObject({ protocol: 'oidc', issuer: '', domains: '', enforce: false, defaultRoleId: 'agent' });
  });
});

describe('sign-in SSO messages', () => {
  it('explains every refusal code the server sends, and an unknown one generically', () => {
    const codes = ['sso_state', 'oidc_nonce', 'sso_domain', 'sso_agent_disabled', 'saml_signature', 'saml_replay'];
    for (const code of codes) expect(SSO_ERRORS[code], code).toBeTruthy();
    expect(ssoErrorSentence('something_new')).toMatch(/did not work/);
  });
});
