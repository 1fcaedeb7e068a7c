// Settings → Security: The tenant's two-factor policy.
export function TwoFactorPolicySection() {
  return null;
}
