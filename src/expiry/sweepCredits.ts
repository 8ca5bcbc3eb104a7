// The credit-expiry sweep that expireFormIds runs (DESIGN §2; docs/reminders.md "expireFormIds"):
// marks unused form credits past expireAt as expired, closes sends abandoned by dead runs, and
// deletes settled credits past the retention period — a page of ids per query and one conditional
// write per page, within a budget.
import type { ExpiryReport } from '../contract';
import { CLAIM_LEASE_MS } from '../domain/claims';
import { applySweep, sweepPage, SWEEP_PAGE, type Sweep } from '../store/credits/expiry';
import type { Database } from '../wechat/types';

export interface SweepOptions {
  retentionDays: number;
  budgetMs: number;
  elapsedMs: () => number;
}

/** The sweep's figures, as expireFormIds answers them. */
export type SweepResult = Omit<ExpiryReport, 'ok' | 'durationMs'>;

const DAY_MS = 86_400_000;

export async function sweepCredits(db: Database, now: Date, options: SweepOptions): Promise<SweepResult> {
  const result: SweepResult = { expired: 0, deleted: 0, abandoned: 0, more: false };
  const sweeps: Array<[Sweep, Date, 'expired' | 'abandoned' | 'deleted']> = [
    ['expire', now, 'expired'],
    ['close-abandoned', new Date(now.getTime() - CLAIM_LEASE_MS), 'abandoned'],
    ['delete', new Date(now.getTime() - options.retentionDays * DAY_MS), 'deleted'],
  ];
  for (const [sweep, cutoff, field] of sweeps) {
    for (;;) {
      if (options.elapsedMs() >= options.budgetMs) {
        result.more = true;
        return result;
      }
      const ids = await sweepPage(db, sweep, cutoff);
      if (ids.length === 0) break;
      const changed = await applySweep(db, sweep, ids, cutoff, now);
      result[field] += changed;
      // A short page was the last; a full page that changed nothing was taken by others meanwhile.
      if (ids.length < SWEEP_PAGE || changed === 0) break;
    }
  }
  return result;
}
