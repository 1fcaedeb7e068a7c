// Credential → principal answers (API key, session) kept for a moment, so a request does not re-read its key or
// session, agent, tenant and role rows every time. Keyed by the credential's SHA-256, never the secret itself; a
// revocation, sign-out, disabled agent, role or plan change is a commit, which empties it (lib/commit-cleared-cache.ts).
export { CommitClearedCache as CredentialCache } from '../lib/commit-cleared-cache.ts';
