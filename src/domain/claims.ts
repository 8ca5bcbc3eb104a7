// The claim sendReminders puts on a user-day (docs/data-model.md "Claims", docs/reminders.md).
// A claim is live while its run may still be working: the lease is longer than any run can last
// (the function timeout is 60 s), so a claim older than the lease belongs to a dead instance.
import type { LocalDate } from './time';

export const CLAIM_LEASE_MS = 5 * 60_000;

export type ClaimState = 'claimed' | 'sent' | 'ambiguous' | 'interrupted' | 'released';

export interface RemindClaim {
  date: LocalDate;
  runId: string;
  state: ClaimState | string;
  at: Date;
}

/**
 * - `free`: nobody holds the user today (no claim, another date's, or one that ended);
 * - `live`: a run that may still be working holds it: hands off;
 * - `stale`: claimed today by a run that must be dead; taken over only after checking whether a
 *   credit of that run was in flight (at most once: then the user counts as reminded).
 */
export function claimStatus(claim: RemindClaim | null, today: LocalDate, now: Date): 'free' | 'live' | 'stale' {
  if (!claim || claim.date !== today || claim.state !== 'claimed') return 'free';
  const at = claim.at instanceof Date ? claim.at.getTime() : NaN;
  // A claim without a readable time is treated as stale: the credit check still protects I1.
  return Number.isFinite(at) && now.getTime() - at < CLAIM_LEASE_MS ? 'live' : 'stale';
}
