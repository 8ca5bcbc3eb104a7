// Counting what a run (or one worker of it) did to the users it looked at: the Tally of the run
// answer and the run log (src/contract.ts; docs/reminders.md "The answer").
import type { Counts, FailReason, SkipReason, Tally } from '../contract';

export const emptyTally = (): Tally => ({ due: 0, sent: 0, heldOut: 0, failed: 0, failedBy: {}, skipped: 0, skippedBy: {}, remaining: 0 });

export function bump<K extends string>(counts: Counts<K>, key: K, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

export function countFailure(tally: Tally, reason: FailReason, n = 1): void {
  if (n <= 0) return;
  tally.failed += n;
  bump(tally.failedBy, reason, n);
}

export function countSkip(tally: Tally, reason: SkipReason, n = 1): void {
  if (n <= 0) return;
  tally.skipped += n;
  bump(tally.skippedBy, reason, n);
}

export function addTally(into: Tally, from: Tally): Tally {
  into.due += from.due;
  into.sent += from.sent;
  into.heldOut += from.heldOut;
  into.failed += from.failed;
  into.skipped += from.skipped;
  into.remaining += from.remaining;
  for (const [k, n] of Object.entries(from.failedBy)) bump(into.failedBy, k as FailReason, n);
  for (const [k, n] of Object.entries(from.skippedBy)) bump(into.skippedBy, k as SkipReason, n);
  return into;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isCounts = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isCount);

/** The tally in a worker's JSON answer, or null when the answer does not carry one. */
export function tallyOf(answer: unknown): Tally | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const a = answer as Record<string, unknown>;
  if (a.ok !== true || ![a.due, a.sent, a.heldOut, a.failed, a.skipped, a.remaining].every(isCount) || !isCounts(a.failedBy) || !isCounts(a.skippedBy)) return null;
  return {
    due: a.due as number,
    sent: a.sent as number,
    heldOut: a.heldOut as number,
    failed: a.failed as number,
    failedBy: { ...(a.failedBy as Counts<FailReason>) },
    skipped: a.skipped as number,
    skippedBy: { ...(a.skippedBy as Counts<SkipReason>) },
    remaining: a.remaining as number,
  };
}
