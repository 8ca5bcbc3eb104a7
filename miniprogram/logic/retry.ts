// Which failed calls the app tries again, and how long it waits: only a failure the function says a
// retry may cure (UNAVAILABLE: a database hiccup, a lost answer), only for a call that is safe to
// make twice, with waits that grow and are capped. Pure: the service layer does the waiting.
import type { ServiceError } from './errors';

/** Tries after the first one. */
export const MAX_RETRIES = 2;
const FIRST_WAIT_MS = 400;
const MAX_WAIT_MS = 2000;

/** The wait before retry `retry` (1, 2, …): 400 ms, 1.2 s, then 2 s at most; null when no retry is left. */
export function retryWait(retry: number): number | null {
  if (!Number.isInteger(retry) || retry < 1 || retry > MAX_RETRIES) return null;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 3 ** (retry - 1));
}

/** A failure worth another try of a call that may be repeated. */
export function worthRetrying(error: ServiceError): boolean {
  return error.code === 'UNAVAILABLE';
}
