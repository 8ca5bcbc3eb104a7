// When to remind a user (DESIGN.md §2 "Effective hour"): the hour they chose; else one hour
// before their habitual check-in hour, learned from recent check-ins; else the default hour.
import type { Config, SendWindow } from '../config';
import { addDays, type LocalDate } from './time';

/** One check-in: its local date and local hour (0-23). */
export interface CheckInHour {
  date: LocalDate;
  hour: number;
}

/** Dates before today that the habit looks at. */
export const HABIT_DAYS = 14;
/** Check-ins needed in that range before a habit counts. */
export const HABIT_MIN_CHECKINS = 3;

const isHour = (hour: number) => Number.isInteger(hour) && hour >= 0 && hour <= 23;

/**
 * The stored list after a check-in: one entry per date (the first check-in of a date wins),
 * only the `HABIT_DAYS` dates ending at the check-in's date — all that any later day can use —
 * sorted by date.
 */
export function recordCheckInHour(recent: readonly CheckInHour[], checkIn: CheckInHour): CheckInHour[] {
  const oldest = addDays(checkIn.date, -(HABIT_DAYS - 1));
  const byDate = new Map<LocalDate, CheckInHour>();
  for (const entry of [...recent, checkIn]) {
    if (entry.date < oldest || entry.date > checkIn.date || !isHour(entry.hour) || byDate.has(entry.date)) continue;
    byDate.set(entry.date, { date: entry.date, hour: entry.hour });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Lower median of the check-in hours on the `HABIT_DAYS` dates before `today`; null with fewer than 3. */
export function habitualHour(recent: readonly CheckInHour[], today: LocalDate): number | null {
  const from = addDays(today, -HABIT_DAYS);
  const byDate = new Map<LocalDate, number>();
  for (const { date, hour } of recent) {
    if (date >= from && date < today && isHour(hour) && !byDate.has(date)) byDate.set(date, hour);
  }
  if (byDate.size < HABIT_MIN_CHECKINS) return null;
  const hours = [...byDate.values()].sort((a, b) => a - b);
  return hours[Math.floor((hours.length - 1) / 2)]!;
}

export function clampToWindow(hour: number, window: SendWindow): number {
  return Math.min(window.end, Math.max(window.start, hour));
}

export interface HourPreference {
  /** The user's chosen hour, or null for automatic. */
  chosenHour: number | null;
  recentCheckIns: readonly CheckInHour[];
}

/**
 * The hour from which the user is reminded on `today`. Every source is clamped to the send
 * window, so the answer is an hour a reminder can really start (a chosen hour saved under an
 * older, wider window included).
 */
export function effectiveHour(user: HourPreference, today: LocalDate, config: Pick<Config, 'window' | 'defaultHour'>): number {
  if (user.chosenHour !== null) return clampToWindow(user.chosenHour, config.window);
  const habit = habitualHour(user.recentCheckIns, today);
  // One hour ahead of the habit, so the reminder comes before the user would have come anyway.
  if (habit !== null) return clampToWindow(habit - 1, config.window);
  return clampToWindow(config.defaultHour, config.window);
}
