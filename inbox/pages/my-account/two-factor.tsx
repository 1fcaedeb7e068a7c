// My account: the agent's own second factors (authenticator app, recovery codes, passkeys).
export function TwoFactorCard() {
  return null;
}
