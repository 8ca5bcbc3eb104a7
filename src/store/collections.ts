// Collection names, and how a read treats a collection that does not exist yet (docs/data-model.md).
import { isCollectionMissing } from '../wechat/errors';

export const USERS = 'users';
export const CREDITS = 'credits';
export const CHECKINS = 'checkins';
/** sendReminders: one document per run (docs/reminders.md "Run log"). */
export const REMINDER_RUNS = 'reminderRuns';
/** Per Shanghai date: reminded users and check-ins after a reminder (the conversion figure). */
export const DAILY_STATS = 'dailyStats';
/** Channels stopped for a date (daily quota), `<date>:<channel>`. */
export const REMINDER_STATE = 'reminderState';

/**
 * Runs a read; a collection that does not exist yet reads as `empty`. Reads never create a
 * collection, so a read-only call leaves a fresh environment untouched.
 */
export async function readOr<T>(empty: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isCollectionMissing(error)) return empty;
    throw error;
  }
}
