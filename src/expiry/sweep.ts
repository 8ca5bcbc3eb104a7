// The sweep that expireFormIds runs (DESIGN §2, §6b; docs/reminders.md "expireFormIds"): marks
// unused form credits past expireAt as expired, closes sends abandoned by dead runs, deletes settled
// credits past their retention, and keeps storage bounded: check-ins older than
// REMINDER_CHECKIN_RETENTION_DAYS, run logs older than RUN_LOG_RETENTION_DAYS and saveFormId's
// records of request ids past their 24 hours go. A page of
// ids per query and one conditional write per page, step after step, within a budget.
import type { ExpiryReport } from '../contract';
import { LONGEST_HOLD_MS } from '../domain/claims';
import { addDays, localDate } from '../domain/time';
import { CHECKINS, REMINDER_RUNS } from '../store/collections';
import { applySweep, sweepPage, SWEEP_PAGE, type Sweep } from '../store/credits/expiry';
import { datedBefore, removeDatedBefore, type Dated } from '../store/retention';
import { expiredRequests, removeExpiredRequests } from '../store/saveRequests';
import type { Database } from '../wechat/types';

/** Run logs are kept for this many dates, today included (DESIGN §6b). */
export const RUN_LOG_RETENTION_DAYS = 90;

export interface SweepOptions {
  /** Settled credits: days after their last change. */
  retentionDays: number;
  /** Check-in records: dates kept, today included. */
  checkInRetentionDays: number;
  timezone: string;
  budgetMs: number;
  elapsedMs: () => number;
}

/** The sweep's figures, as expireFormIds answers them. */
export type SweepResult = Omit<ExpiryReport, 'ok' | 'durationMs' | 'problems'>;
type Figure = Exclude<keyof SweepResult, 'more'>;

/** One kind of work: a page of ids that qualify, and the write that applies to them (re-checking they still do). */
interface Step {
  figure: Figure;
  page(): Promise<string[]>;
  apply(ids: readonly string[]): Promise<number>;
}

const DAY_MS = 86_400_000;

export async function sweep(db: Database, now: Date, options: SweepOptions): Promise<SweepResult> {
  const credits = (kind: Sweep, cutoff: Date, figure: Figure): Step => ({
    figure,
    page: () => sweepPage(db, kind, cutoff),
    apply: (ids) => applySweep(db, kind, ids, cutoff, now),
  });
  const today = localDate(now, options.timezone);
  const dated = (name: Dated, days: number, figure: Figure): Step => {
    const keepFrom = addDays(today, 1 - days);
    return { figure, page: () => datedBefore(db, name, keepFrom, SWEEP_PAGE), apply: (ids) => removeDatedBefore(db, name, ids, keepFrom) };
  };
  // What sending depends on first; storage after.
  const steps = [
    credits('expire', now, 'expired'),
    credits('close-abandoned', new Date(now.getTime() - LONGEST_HOLD_MS), 'abandoned'),
    credits('delete', new Date(now.getTime() - options.retentionDays * DAY_MS), 'deleted'),
    dated(CHECKINS, options.checkInRetentionDays, 'checkInsDeleted'),
    dated(REMINDER_RUNS, RUN_LOG_RETENTION_DAYS, 'runLogsDeleted'),
    { figure: 'requestsDeleted', page: () => expiredRequests(db, now, SWEEP_PAGE), apply: (ids) => removeExpiredRequests(db, ids, now) } satisfies Step,
  ];

  const result: SweepResult = { expired: 0, deleted: 0, abandoned: 0, checkInsDeleted: 0, runLogsDeleted: 0, requestsDeleted: 0, more: false };
  for (const step of steps) {
    for (;;) {
      if (options.elapsedMs() >= options.budgetMs) {
        result.more = true;
        return result;
      }
      const ids = await step.page();
      if (ids.length === 0) break;
      const changed = await step.apply(ids);
      result[step.figure] += changed;
      // A short page was the last; a full page that changed nothing was taken by others meanwhile.
      if (ids.length < SWEEP_PAGE || changed === 0) break;
    }
  }
  return result;
}
