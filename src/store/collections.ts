// Every collection, and how its documents are tied to a user (docs/data-model.md), and how a read
// treats a collection that does not exist yet.
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
 * How a collection's documents belong to a user:
 * - `id`: the document's `_id` is the OPENID;
 * - `field`: `field` holds the OPENID; with `idPrefix` the `_id` also starts with `<OPENID>:`, so a
 *   range on `_id` finds them with the built-in index (no console index on the field needed);
 * - `nobody`: no document names a user (figures, run logs), and `why` says so.
 */
export type Ownership =
  | { readonly by: 'id' }
  | { readonly by: 'field'; readonly field: string; readonly idPrefix?: boolean }
  | { readonly by: 'nobody'; readonly why: string };

/**
 * Every collection the functions use, in the order deleteMyData removes a user's documents (the
 * user first: no run can claim them afterwards). The one list: deletion follows it, database/*.json
 * are checked against it, and test/functions/deleteMyData.test.ts scans every collection the
 * emulator holds, so one added without an entry here fails.
 */
export const COLLECTIONS = {
  [USERS]: { by: 'id' },
  [CREDITS]: { by: 'field', field: 'openid' },
  [CHECKINS]: { by: 'field', field: 'openid', idPrefix: true },
  [REMINDER_RUNS]: { by: 'nobody', why: 'a run\'s figures: counts, channels, problems' },
  [DAILY_STATS]: { by: 'nobody', why: 'counts per date' },
  [REMINDER_STATE]: { by: 'nobody', why: 'a channel stopped for a date' },
} as const satisfies Record<string, Ownership>;

export type CollectionName = keyof typeof COLLECTIONS;

/** The collections holding documents about users: what deleteMyData answers counts for. */
export const USER_COLLECTIONS = (Object.keys(COLLECTIONS) as CollectionName[]).filter((name) => COLLECTIONS[name].by !== 'nobody');

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
