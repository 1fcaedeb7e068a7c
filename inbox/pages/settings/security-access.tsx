// Settings → Security: IP allowlists for agents and API keys, and SCIM provisioning.
export function AccessSection() {
  return null;
}
