// When to remind a user (DESIGN.md §2 "Effective hour"): the hour they chose; else one hour
// before their habitual check-in hour, learned from recent unprompted check-ins; else the default
// hour. A check-in a reminder caused is not a habit: counting it would teach an hour earlier than
// the user's own, remind earlier still, and so on (docs/holdout.md "The learned hour").
import type { Config, SendWindow } from '../config';
import type { Habit, HourSource } from '../contract';
import { addDays, type LocalDate } from './time';

/** One check-in: its local date and local hour (0-23). */
export interface CheckInHour {
  date: LocalDate;
  hour: number;
  /** Within 2 hours after that day's reminder (holdout.ts `promptedBy`): caused by it, not a habit. Absent: unprompted. */
  prompted?: true;
}

/** Dates before today that the habit looks at. */
export const HABIT_DAYS = 14;
/** Unprompted check-ins needed in that range before a habit counts. */
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
    byDate.set(entry.date, entry.prompted ? { date: entry.date, hour: entry.hour, prompted: true } : { date: entry.date, hour: entry.hour });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * Lower median of the hours of the unprompted check-ins on the `HABIT_DAYS` dates before `today`;
 * null with fewer than 3. A date's first check-in is its check-in: a prompted one leaves the date out.
 */
export function habitOf(recent: readonly CheckInHour[], today: LocalDate): Habit | null {
  const from = addDays(today, -HABIT_DAYS);
  const byDate = new Map<LocalDate, CheckInHour>();
  for (const entry of recent) {
    if (entry.date >= from && entry.date < today && isHour(entry.hour) && !byDate.has(entry.date)) byDate.set(entry.date, entry);
  }
  const hours = [...byDate.values()].filter((e) => !e.prompted).map((e) => e.hour).sort((a, b) => a - b);
  if (hours.length < HABIT_MIN_CHECKINS) return null;
  return { hour: hours[Math.floor((hours.length - 1) / 2)]!, checkIns: hours.length };
}

export function clampToWindow(hour: number, window: SendWindow): number {
  return Math.min(window.end, Math.max(window.start, hour));
}

export interface HourPreference {
  /** The user's chosen hour, or null for automatic. */
  chosenHour: number | null;
  recentCheckIns: readonly CheckInHour[];
}

export interface EffectiveHour {
  hour: number;
  source: HourSource;
  /** The habit, when there is one (also when a chosen hour wins over it). */
  habit: Habit | null;
}

/**
 * The hour from which the user is reminded on `today`, and why. Every source is clamped to the
 * send window, so the answer is an hour a reminder can really start (a chosen hour saved under an
 * older, wider window included).
 */
export function explainedHour(user: HourPreference, today: LocalDate, config: Pick<Config, 'window' | 'defaultHour'>): EffectiveHour {
  const habit = habitOf(user.recentCheckIns, today);
  if (user.chosenHour !== null) return { hour: clampToWindow(user.chosenHour, config.window), source: 'chosen', habit };
  // One hour ahead of the habit, so the reminder comes before the user would have come anyway.
  if (habit !== null) return { hour: clampToWindow(habit.hour - 1, config.window), source: 'learned', habit };
  return { hour: clampToWindow(config.defaultHour, config.window), source: 'default', habit };
}

export function effectiveHour(user: HourPreference, today: LocalDate, config: Pick<Config, 'window' | 'defaultHour'>): number {
  return explainedHour(user, today, config).hour;
}
