// `users.nextRemindDate`: a lower bound of the next date a user may be due, so the sender reads
// only users who might be (docs/data-model.md). Every rule here may only lower it where the user
// could become due, or raise it past a date on which the user certainly is not due.
import { addDays, type LocalDate } from './time';

/** "Never": no credit, or reminders off; only a new credit or switching reminders on lowers it. */
export const NEVER_DATE: LocalDate = '9999-12-31';

export interface RemindDates {
  /** '' when never. */
  lastCheckInDate: LocalDate | '';
  lastRemindedDate: LocalDate | '';
  nextRemindDate: LocalDate;
  /** sendReminders' mark on a user-day (claims.ts): a day held out (holdout.ts) is done too. */
  remind?: { date: LocalDate; state: string } | null;
}

/**
 * After a new credit is stored or reminders are switched on: today, or tomorrow when the user
 * already checked in, was reminded or was held out today. Null when the stored value is already that low.
 */
export function lowerNextRemindDate(user: RemindDates, today: LocalDate): LocalDate | null {
  const heldOut = user.remind?.date === today && user.remind.state === 'held-out';
  const doneToday = user.lastCheckInDate >= today || user.lastRemindedDate >= today || heldOut;
  const target = doneToday ? addDays(today, 1) : today;
  return user.nextRemindDate <= target ? null : target;
}

/**
 * After a check-in on `date`: not due again before the next day. A later stored value (such as
 * "never" for a user without credits) stays: a check-in does not make anyone due sooner.
 */
export function nextRemindDateAfterCheckIn(current: LocalDate, date: LocalDate): LocalDate {
  const next = addDays(date, 1);
  return current > next ? current : next;
}
