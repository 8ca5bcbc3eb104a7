// Every collection, and how its documents are tied to a user (docs/data-model.md), how a read
// treats a collection that does not exist yet, and documents a client planted.
import { withCollection } from '../wechat/database';
import { isCollectionMissing, isDuplicateKey } from '../wechat/errors';
import type { Database, Doc } from '../wechat/types';

export const USERS = 'users';
export const CREDITS = 'credits';
export const CHECKINS = 'checkins';
/** sendReminders: one document per run (docs/reminders.md "Run log"). */
export const REMINDER_RUNS = 'reminderRuns';
/** Per Shanghai date: reminded users and check-ins after a reminder (the conversion figure). */
export const DAILY_STATS = 'dailyStats';
/** Channels stopped for a date (daily quota), `<date>:<channel>`, or retired (45103), `retired:<channel>`. */
export const REMINDER_STATE = 'reminderState';
/** saveFormId: the answer to each request id of a user, for 24 hours, `<OPENID>:<hash>`. */
export const SAVE_REQUESTS = 'saveRequests';

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
  [REMINDER_STATE]: { by: 'nobody', why: 'a channel stopped for a date, or retired' },
  [SAVE_REQUESTS]: { by: 'field', field: 'openid', idPrefix: true },
} as const satisfies Record<string, Ownership>;

export type CollectionName = keyof typeof COLLECTIONS;

/** The collections holding documents about users: what deleteMyData answers counts for. */
export const USER_COLLECTIONS = (Object.keys(COLLECTIONS) as CollectionName[]).filter((name) => COLLECTIONS[name].by !== 'nobody');

/**
 * What every read that decides something adds to its condition (DESIGN §7). A document carrying
 * `_openid` was written through the client database API while a collection's security rules
 * allowed it (the platform stamps the writer); these functions never write that field. Such a
 * document is not trusted: not a check-in, not a credit, not a user, not a channel's state.
 */
export const serverWritten = (db: Database) => ({ _openid: db.command.exists(false) });

/**
 * Inserts a document under its fixed `_id` (creating the collection on first use). A document a
 * client planted under that id is not ours: it is removed and the insert made again, so a client
 * cannot take a user's id, or a day's check-in, before the user does. Any other duplicate throws.
 */
export async function insertOwnId(db: Database, collection: string, doc: Doc): Promise<void> {
  try {
    await withCollection(db, () => db.collection(collection).add({ data: doc }), collection);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const planted = await db.collection(collection).where({ _id: doc._id, _openid: db.command.exists(true) }).remove();
    if (planted.stats.removed !== 1) throw error;
    await db.collection(collection).add({ data: doc });
  }
}

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
