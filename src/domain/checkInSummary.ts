// The check-in summary on the user document (docs/data-model.md `users`): what the user sees
// (streak, points) and what sendReminders reads (last date, recent hours), folded from the
// user's check-in records so that a record the summary missed (a crash between the two
// writes) is folded in by the next call.
import { recordCheckInHour, type CheckInHour } from './habit';
import { afterCheckIn } from './streak';
import type { LocalDate } from './time';

/** Points for answering the day's question, and the bonus for answering it right. */
export const POINTS_FOR_CHECK_IN = 5;
export const POINTS_FOR_CORRECT = 5;

export function pointsFor(correct: boolean): number {
  return POINTS_FOR_CHECK_IN + (correct ? POINTS_FOR_CORRECT : 0);
}

export interface CheckInSummary {
  /** '' when never. */
  lastCheckInDate: LocalDate | '';
  /** Consecutive check-in dates ending lastCheckInDate. */
  streak: number;
  recentCheckIns: CheckInHour[];
  checkIns: number;
  correct: number;
  points: number;
  /**
   * The option picked on lastCheckInDate (null when unknown: never, or a document written before
   * it was kept), so checkIn `today` can show a checked-in user their answer without reading the record.
   */
  lastChoice: number | null;
}

export interface CheckInRecord {
  date: LocalDate;
  hour: number;
  /** Within 2 hours after that day's reminder: left out of the learned hour (habit.ts). */
  prompted: boolean;
  choice: number;
  correct: boolean;
  points: number;
}

export const EMPTY_SUMMARY: CheckInSummary = { lastCheckInDate: '', streak: 0, recentCheckIns: [], checkIns: 0, correct: 0, points: 0, lastChoice: null };

/** The summary with `records` added; records dated on or before lastCheckInDate are already in it. */
export function foldCheckIns(summary: CheckInSummary, records: readonly CheckInRecord[]): CheckInSummary {
  const sorted = [...records].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let next = summary;
  for (const r of sorted) {
    if (next.lastCheckInDate !== '' && r.date <= next.lastCheckInDate) continue;
    const streak = afterCheckIn({ lastCheckInDate: next.lastCheckInDate || null, streak: next.streak }, r.date);
    next = {
      lastCheckInDate: r.date,
      streak: streak.streak,
      recentCheckIns: recordCheckInHour(next.recentCheckIns, { date: r.date, hour: r.hour, ...(r.prompted ? { prompted: true as const } : {}) }),
      checkIns: next.checkIns + 1,
      correct: next.correct + (r.correct ? 1 : 0),
      points: next.points + r.points,
      lastChoice: r.choice,
    };
  }
  return next;
}
