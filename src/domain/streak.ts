// Check-in streaks (DESIGN.md §2 checkIn): the number of consecutive local dates with a
// check-in, ending today, or ending yesterday while today's check-in is still to come.
// Stored incrementally on the user as `lastCheckInDate` + `streak`, so no history is read.
import { daysBetween, type LocalDate } from './time';

export interface StreakState {
  lastCheckInDate: LocalDate | null;
  /** Streak as of `lastCheckInDate` (≥ 1 once the user has checked in). */
  streak: number;
}

/**
 * The stored state after a check-in on `date`: the same day changes nothing, the next day adds
 * one, a gap starts again at 1. A date before the stored one (a clock stepped back) also
 * changes nothing, so `lastCheckInDate` never moves backwards.
 */
export function afterCheckIn(state: StreakState, date: LocalDate): StreakState {
  if (state.lastCheckInDate === null) return { lastCheckInDate: date, streak: 1 };
  const gap = daysBetween(state.lastCheckInDate, date);
  if (gap <= 0) return { lastCheckInDate: state.lastCheckInDate, streak: Math.max(state.streak, 1) };
  return { lastCheckInDate: date, streak: gap === 1 ? state.streak + 1 : 1 };
}

/** The streak to show on `today`: the stored one while it is alive (last check-in today or yesterday), else 0. */
export function streakOn(state: StreakState, today: LocalDate): number {
  if (state.lastCheckInDate === null) return 0;
  return daysBetween(state.lastCheckInDate, today) <= 1 ? state.streak : 0;
}

/** Whether the user has checked in on `date` (a later stored date also counts: never remind then). */
export function checkedInOn(lastCheckInDate: LocalDate | null, date: LocalDate): boolean {
  return lastCheckInDate !== null && lastCheckInDate >= date;
}
