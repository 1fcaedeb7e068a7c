// Security: how agents sign in to this help desk. Each section is its own module: single sign-on (OIDC, SAML),
// the two-factor policy, and who may connect at all (IP allowlists for agents and API keys, SCIM provisioning).
import { SsoSection } from './security-sso.tsx';
import { TwoFactorPolicySection } from './security-two-factor.tsx';
import { AccessSection } from './security-access.tsx';

export function SecurityTab() {
  return (
    <div class="stack">
      <SsoSection />
      <TwoFactorPolicySection />
      <AccessSection />
    </div>
  );
}
