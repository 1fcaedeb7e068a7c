// The help desk's pending deletion (the owner's "Delete this help desk"): read by Account → Leave this help desk and
// by the banner a cancelled account shows on every page.
import { api, ApiError } from '../api.ts';

export interface TenantDeletion {
  status: 'cancelled';
  requestedAt: string;
  purgeAfter: string;
}

/** The pending deletion, or null when there is none (the server answers 404). */
export async function pendingDeletion(): Promise<TenantDeletion | null> {
  try {
    return await api.get<TenantDeletion>('/privacy/tenant-deletion');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
