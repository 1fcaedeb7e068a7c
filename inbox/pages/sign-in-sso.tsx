// Sign-in: "Sign in with SSO", which finds the help desk by the typed email's domain. It asks the server first
// (GET /auth/sso/discover), so a domain without single sign-on is said here instead of a bare error page; a refused
// answer from the identity provider comes back as `#/?ssoError=<code>` and is explained in a sentence.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { route } from '../state/router.ts';
import { plainSentence } from '../components/form-errors.tsx';

/** What each refusal of the SSO callback means to the person signing in. */
export const SSO_ERRORS: Record<string, string> = {
  sso_state: 'That single sign-on attempt expired or was already used. Start again with “Sign in with SSO”.',
  oidc_nonce: 'Your identity provider’s answer did not belong to this sign-in. Start again.',
  oidc_exchange: 'Your identity provider’s answer could not be verified. Start again, or ask your administrator.',
  oidc_denied: 'Your identity provider did not let you sign in.',
  sso_idp_unavailable: 'Your identity provider does not answer. Try again later.',
  sso_domain: 'Your identity provider answered with an email that is not on this help desk’s SSO domains.',
  sso_other_tenant: 'That email belongs to another help desk account.',
  sso_agent_disabled: 'Your help desk account is deactivated. Ask the account owner to reactivate it.',
  sso_no_email: 'Your identity provider did not send an email address.',
  sso_email_unverified: 'Your identity provider says your email is not verified.',
  sso_seat_limit: 'This help desk has no free agent seat for you. Ask the account owner.',
  sso_plan: 'Single sign-on is not included in this help desk’s plan.',
  sso_not_configured: 'Single sign-on is no longer set up for this help desk.',
  sso_ip_not_allowed:
    'This help desk accepts sign-ins only from its allowed network. Connect from there, or ask the owner.',
  sso_account_inactive: 'This help desk account is not active. Only its owner can sign in.',
  saml_signature: 'The SAML answer was not signed by your identity provider.',
  saml_expired: 'The SAML answer has expired. Start again.',
  saml_audience: 'The SAML answer was meant for another service.',
  saml_recipient: 'The SAML answer was meant for another address.',
  saml_destination: 'The SAML answer was meant for another address.',
  saml_in_response_to: 'The SAML answer did not belong to a sign-in started here, or was already used. Start again.',
  saml_replay: 'That SAML answer was already used. Start again.',
  saml_issuer: 'The SAML answer came from another identity provider.',
  saml_invalid: 'The SAML answer could not be read.',
};

export const ssoErrorSentence = (code: string) =>
  SSO_ERRORS[code] ?? 'Single sign-on did not work. Start again, or ask your administrator.';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function SsoSignIn({ email }: { email: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const callbackError = route.value.query.get('ssoError');

  async function go() {
    const typed = email.trim();
    if (!EMAIL.test(typed)) {
      setMessage('Type your work email above, then choose “Sign in with SSO”.');
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const { sso } = await api.get<{ sso: boolean }>('/auth/sso/discover', { email: typed });
      if (!sso) {
        setMessage(
          `There is no single sign-on for ${typed.slice(typed.lastIndexOf('@') + 1)}. Sign in with your password.`,
        );
        setBusy(false);
        return;
      }
      location.assign(`/api/v1/auth/sso?email=${encodeURIComponent(typed)}`);
    } catch (err) {
      setMessage(plainSentence(err));
      setBusy(false);
    }
  }

  return (
    <div class="sso-sign-in stack">
      {callbackError && !message && (
        <div class="notice notice-error" role="alert">
          {ssoErrorSentence(callbackError)}
        </div>
      )}
      <button class="btn" type="button" onClick={go} disabled={busy}>
        {busy ? 'Finding your sign-in…' : 'Sign in with SSO'}
      </button>
      {message && (
        <p class="notice notice-info" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
