// The claim sendReminders puts on a user-day (docs/data-model.md "Claims", docs/reminders.md), and
// the limits a run lives within. A claim names the invocation that holds it (`owner`) and carries
// its own expiry: the holder's start plus its time limit — the platform has ended the holder by
// then, whatever the configuration says — plus a margin for clocks. No constant lease a
// configuration could outlast.
import type { LocalDate } from './time';

export type ClaimState = 'claimed' | 'sent' | 'ambiguous' | 'interrupted' | 'released';

export interface RemindClaim {
  date: LocalDate;
  /** The run the holder works for (the run log's id; several invocations share it). */
  runId: string;
  /** The invocation holding the claim (its request id): only it may send for this user-day. */
  owner: string;
  state: ClaimState | string;
  at: Date;
  /** After this instant the holder has ended: a claim still `claimed` is stale. */
  expiresAt: Date;
}

/** A run keeps this much of its time limit for its last writes and its answer. */
export const FINISH_RESERVE_MS = 15_000;
/** Below this time limit a run claims nothing: its budget would be too short to remind anyone safely. */
export const MIN_TIME_LIMIT_MS = 20_000;
/** The longest a cloud function may run (CloudBase allows up to 900 s): the limit assumed when the platform does not say. */
export const MAX_TIME_LIMIT_MS = 900_000;
/** How far apart instances' clocks may be: a claim lives this much longer than its holder. */
export const CLAIM_MARGIN_MS = 60_000;

/** No invocation holds anything longer than this: a credit still `sending` after it was abandoned by an ended one. */
export const LONGEST_HOLD_MS = MAX_TIME_LIMIT_MS + CLAIM_MARGIN_MS;

export type RunBudget = { ok: true; budgetMs: number } | { ok: false; problem: string };

/**
 * The budget of a run (or worker) in an invocation with time limit `timeLimitMs`: the configured
 * budget, but never closer than FINISH_RESERVE_MS to the limit; none below MIN_TIME_LIMIT_MS.
 */
export function runBudget(configuredMs: number, timeLimitMs: number | null, functionName: string): RunBudget {
  if (timeLimitMs === null) return { ok: true, budgetMs: configuredMs };
  if (timeLimitMs < MIN_TIME_LIMIT_MS) {
    return {
      ok: false,
      problem:
        `the function's time limit is ${seconds(timeLimitMs)} s (context.time_limit_in_ms) and a run needs at least ${seconds(MIN_TIME_LIMIT_MS)} s ` +
        `(it keeps ${seconds(FINISH_RESERVE_MS)} s for its last writes): nothing is claimed, sent or changed. Set ${functionName}' timeout to 60 s ` +
        `(云开发控制台 → 云函数 → ${functionName} → 函数配置 → 超时时间, or npm run build and deploy its cloudbaserc.json; the console's default is 3 s)`,
    };
  }
  return { ok: true, budgetMs: Math.min(configuredMs, timeLimitMs - FINISH_RESERVE_MS) };
}

const seconds = (ms: number) => String(Math.round(ms / 100) / 10);

/** When the claims of an invocation that started at `startedAt` expire: it has been ended by then. */
export function claimExpiry(startedAt: Date, timeLimitMs: number | null): Date {
  return new Date(startedAt.getTime() + (timeLimitMs ?? MAX_TIME_LIMIT_MS) + CLAIM_MARGIN_MS);
}

/**
 * - `free`: nobody holds the user today (no claim, another date's, or one that ended);
 * - `live`: an invocation that may still be working holds it: hands off;
 * - `stale`: claimed today by an invocation that has ended; taken over only after checking whether
 *   it had a credit in flight (at most once: then the user counts as reminded). A claim without a
 *   readable expiry is stale: the credit check still protects I1.
 */
export function claimStatus(claim: RemindClaim | null, today: LocalDate, now: Date): 'free' | 'live' | 'stale' {
  if (!claim || claim.date !== today || claim.state !== 'claimed') return 'free';
  const until = claim.expiresAt instanceof Date ? claim.expiresAt.getTime() : NaN;
  return Number.isFinite(until) && now.getTime() < until ? 'live' : 'stale';
}
