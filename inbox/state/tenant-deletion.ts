// The help desk's pending deletion (the owner's "Delete this help desk"): read by Account → Leave this help desk and
// by the banner a cancelled account shows on every page.
import { api, ApiError } from '../api.ts';

export interface TenantDeletion {
  status: 'cancelled';
  requestedAt: string;
  purgeAfter: string;
}

let reading: Promise<TenantDeletion | null> | null = null;

/**
 * The pending deletion, or null when there is none (the server answers 404). The banner and the Account card open
 * together: callers while a read is under way share it, so the page asks once.
 */
export function pendingDeletion(): Promise<TenantDeletion | null> {
  reading ??= read().finally(() => (reading = null));
  return reading;
}

async function read(): Promise<TenantDeletion | null> {
  try {
    return await api.get<TenantDeletion>('/privacy/tenant-deletion');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
