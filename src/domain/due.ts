// Who gets a reminder now (DESIGN.md §2 sendReminders, rules 1-5).
import type { Config, SendWindow } from '../config';
import type { NotDueReason } from '../contract';
import { effectiveHour, type CheckInHour } from './habit';
import { checkedInOn } from './streak';
import { addDays, atLocalHour, localDate, localHour, startOfLocalDay, type LocalDate } from './time';

export interface DueSubject {
  enabled: boolean;
  chosenHour: number | null;
  lastCheckInDate: LocalDate | null;
  lastRemindedDate: LocalDate | null;
  recentCheckIns: readonly CheckInHour[];
  /** Whether the user holds a usable credit on an open channel now (see credits.ts). */
  hasUsableCredit: boolean;
}

/** `hour` is the user's effective hour for today. */
export type DueDecision = { due: true; hour: number } | { due: false; reason: NotDueReason };

/** Window `8-21`: a send may start at hours 8 through 21 inclusive; 22:00-07:59 is quiet. */
export function inSendWindow(hour: number, window: SendWindow): boolean {
  return hour >= window.start && hour <= window.end;
}

/** The instant the send window of `date` closes (22:00 for `8-21`): no send starts at or after it. */
export function windowEndsAt(date: LocalDate, window: SendWindow, tz: string): Date {
  return window.end >= 23 ? startOfLocalDay(addDays(date, 1), tz) : atLocalHour(date, window.end + 1, tz);
}

/** Rules in DESIGN order; the first that fails is the reason. */
export function isDue(subject: DueSubject, now: Date, config: Pick<Config, 'window' | 'defaultHour' | 'timezone'>): DueDecision {
  return isDueOn(subject, { today: localDate(now, config.timezone), hour: localHour(now, config.timezone) }, config);
}

/**
 * isDue for a local date and hour already worked out: a run deciding for many users at one
 * instant converts it once (the zone conversion costs more than all the rules together).
 */
export function isDueOn(subject: DueSubject, { today, hour }: { today: LocalDate; hour: number }, config: Pick<Config, 'window' | 'defaultHour'>): DueDecision {
  if (!subject.enabled) return { due: false, reason: 'disabled' };
  if (checkedInOn(subject.lastCheckInDate, today)) return { due: false, reason: 'checked-in' };
  // A stored date after today (clock stepped back) also counts: never a second reminder.
  if (subject.lastRemindedDate !== null && subject.lastRemindedDate >= today) return { due: false, reason: 'reminded' };
  if (!inSendWindow(hour, config.window)) return { due: false, reason: 'quiet-hours' };
  const from = effectiveHour(subject, today, config);
  if (hour < from) return { due: false, reason: 'too-early' };
  if (!subject.hasUsableCredit) return { due: false, reason: 'no-credit' };
  return { due: true, hour: from };
}
