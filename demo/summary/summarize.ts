// The per-day figures of a simulated week, computed from what the emulator holds (sources.ts):
// nothing here knows what the simulated users meant to do.
import { localDate } from '../../src/domain/time';
import type { Sources } from './sources';

export const CONVERSION_WINDOW_MS = 2 * 3600_000;

export interface DayFigures {
  date: string;
  /** Σ `due` in that day's sendReminders answers. */
  due: number;
  /** Σ `sent` in that day's sendReminders answers. */
  sentByRuns: number;
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
  /** Timer runs that day, and how many of them failed (crash, timeout, ok: false answer). */
  runs: number;
  failedRuns: number;
}

export interface Summary {
  days: DayFigures[];
  total: DayFigures;
  /** Every errcode seen, in a stable order. */
  reasons: string[];
}

type Answer = Record<string, unknown> | null;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function emptyDay(date: string): DayFigures {
  return { date, due: 0, sentByRuns: 0, reminded: 0, failed: {}, injected: 0, checkedIn: 0, checkedInAfterReminder: 0, creditsExpired: 0, runs: 0, failedRuns: 0 };
}

export function summarize(sources: Sources, dates: string[]): Summary {
  const days = new Map(dates.map((d) => [d, emptyDay(d)]));
  const dayOf = (at: Date) => days.get(localDate(at));

  for (const f of sources.firings) {
    const day = dayOf(f.scheduledAt);
    if (!day) continue;
    day.runs++;
    const answer = f.result as Answer;
    if (!f.ok || answer?.ok !== true) {
      day.failedRuns++;
      continue;
    }
    if (f.functionName === 'sendReminders') {
      day.due += num(answer.due);
      day.sentByRuns += num(answer.sent);
    }
  }

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
    const reason = String(a.errcode);
    reasons.add(reason);
    day.failed[reason] = (day.failed[reason] ?? 0) + 1;
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
    for (const k of ['due', 'sentByRuns', 'reminded', 'injected', 'checkedIn', 'checkedInAfterReminder', 'creditsExpired', 'runs', 'failedRuns'] as const) total[k] += d[k];
    for (const [r, n] of Object.entries(d.failed)) total.failed[r] = (total.failed[r] ?? 0) + n;
  }
  return { days: list, total, reasons: [...reasons].sort((a, b) => Number(a) - Number(b)) };
}

export const failedTotal = (d: DayFigures) => Object.values(d.failed).reduce((a, b) => a + b, 0);
