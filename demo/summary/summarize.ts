// The per-day figures of a simulated week, computed from what the emulator holds (sources.ts):
// nothing here knows what the simulated users meant to do.
import { localDate } from '../../src/domain/time';
import { liftSummary, type LiftSummary } from './lift';
import type { Sources } from './sources';

export const CONVERSION_WINDOW_MS = 2 * 3600_000;

export interface DayFigures {
  date: string;
  /** Distinct users the day's sendReminders runs took on (claimed). */
  due: number;
  /** Σ `due` in the day's run log: a user retried by a later run counts again. */
  dueInRuns: number;
  /** Σ `sent` in the day's run log. */
  sentInRuns: number;
  /** Users a run took on but did not remind, by the run log's reason. */
  notReminded: Record<string, number>;
  /** Messages in WeChat's outbox dated that day. */
  reminded: number;
  /** Failed send attempts by WeChat errcode. */
  failed: Record<string, number>;
  /** Of those, answered by fault injection rather than by WeChat's rules. */
  injected: number;
  /** Check-in records of that date. */
  checkedIn: number;
  /** Check-ins within 2 hours after that day's reminder to the same user. */
  checkedInAfterReminder: number;
  /** Credits marked expired whose expiry instant falls on that day. */
  creditsExpired: number;
  /** Timer runs that day, and how many failed (crash, timeout, an ok: false answer). */
  timerRuns: number;
  failedTimerRuns: number;
}

export interface Summary {
  days: DayFigures[];
  total: DayFigures;
  /** Every errcode seen, in numeric order. */
  reasons: string[];
  /** Do reminders work? From the daily figures (dailyStats) the functions keep. */
  lift: LiftSummary;
}

type Answer = Record<string, unknown> | null;

function emptyDay(date: string): DayFigures {
  return { date, due: 0, dueInRuns: 0, sentInRuns: 0, notReminded: {}, reminded: 0, failed: {}, injected: 0, checkedIn: 0, checkedInAfterReminder: 0, creditsExpired: 0, timerRuns: 0, failedTimerRuns: 0 };
}

function add(into: Record<string, number>, key: string, n = 1): void {
  into[key] = (into[key] ?? 0) + n;
}

export function summarize(sources: Sources, dates: string[]): Summary {
  const days = new Map(dates.map((d) => [d, emptyDay(d)]));
  const dayOf = (at: Date) => days.get(localDate(at));

  for (const f of sources.firings) {
    const day = dayOf(f.scheduledAt);
    if (!day) continue;
    day.timerRuns++;
    if (!f.ok || (f.result as Answer)?.ok !== true) day.failedTimerRuns++;
  }

  const dueUsers = new Map<string, Set<string>>();
  for (const run of sources.runLog) {
    const day = days.get(run.date);
    if (!day) continue;
    day.dueInRuns += run.due;
    day.sentInRuns += run.sent;
    for (const [reason, n] of Object.entries(run.failedBy)) add(day.notReminded, reason, n);
    const users = dueUsers.get(run.date) ?? new Set<string>();
    for (const u of sources.claims.get(run.runId) ?? []) users.add(u);
    dueUsers.set(run.date, users);
  }
  for (const [date, users] of dueUsers) (days.get(date) as DayFigures).due = users.size;

  const remindedAt = new Map<string, number>(); // `${openid}|${date}` → time of that day's reminder
  for (const m of sources.outbox) {
    const day = dayOf(m.at);
    if (!day) continue;
    day.reminded++;
    remindedAt.set(`${m.touser}|${day.date}`, m.at.getTime());
  }

  const reasons = new Set<string>();
  for (const a of sources.attempts) {
    const day = dayOf(a.at);
    if (!day || a.errcode === 0) continue;
    reasons.add(String(a.errcode));
    add(day.failed, String(a.errcode));
    if (a.fault) day.injected++;
  }

  for (const c of sources.checkins) {
    const day = days.get(c.date);
    if (!day) continue;
    day.checkedIn++;
    const reminded = remindedAt.get(`${c.openid}|${c.date}`);
    const after = reminded === undefined ? -1 : c.at.getTime() - reminded;
    if (after >= 0 && after <= CONVERSION_WINDOW_MS) day.checkedInAfterReminder++;
  }

  for (const c of sources.credits) {
    if (c.status !== 'expired') continue;
    const day = dayOf(c.expireAt);
    if (day) day.creditsExpired++;
  }

  const list = [...days.values()];
  const total = emptyDay('total');
  for (const d of list) {
    for (const k of ['due', 'dueInRuns', 'sentInRuns', 'reminded', 'injected', 'checkedIn', 'checkedInAfterReminder', 'creditsExpired', 'timerRuns', 'failedTimerRuns'] as const) total[k] += d[k];
    for (const [r, n] of Object.entries(d.failed)) add(total.failed, r, n);
    for (const [r, n] of Object.entries(d.notReminded)) add(total.notReminded, r, n);
  }
  return { days: list, total, reasons: [...reasons].sort((a, b) => Number(a) - Number(b)), lift: liftSummary(sources.dailyStats, dates) };
}

export const failedTotal = (d: DayFigures) => Object.values(d.failed).reduce((a, b) => a + b, 0);
