// Settings → Security: Single sign-on (OIDC and SAML).
export function SsoSection() {
  return null;
}
