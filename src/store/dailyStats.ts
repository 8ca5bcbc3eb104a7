// `dailyStats`: one document per Shanghai date, `_id` = the date. sendReminders adds the users it
// reminded and the users it held out; checkIn adds a check-in by a user of either group, on the
// day and within 2 hours. The two check-in rates and their difference, the lift, say whether
// reminders work (docs/holdout.md; docs/reminders.md "Run log and daily figures").
import type { LocalDate } from '../domain/time';
import { isCollectionMissing, isDuplicateKey } from '../wechat/errors';
import type { Database } from '../wechat/types';
import { DAILY_STATS, insertOwnId, serverWritten } from './collections';

export interface DailyCounts {
  /** Users counted reminded: WeChat accepted the message, or its answer was lost (at most once). */
  reminded: number;
  /** Of those, messages WeChat accepted. */
  delivered: number;
  /** Due users held out (not reminded) on the date: REMINDER_HOLDOUT_PERCENT. */
  heldOut: number;
  /** Check-ins on the date by users reminded earlier that date. */
  checkedInAfterReminder: number;
  /** Of those, within 2 hours after the reminder. */
  checkedInWithin2hAfterReminder: number;
  /** Check-ins on the date by users held out earlier that date. */
  checkedInHeldOut: number;
  /** Of those, within 2 hours after the hold-out (when the reminder would have gone). */
  checkedInWithin2hHeldOut: number;
}

export const NO_DAILY_COUNTS: DailyCounts = {
  reminded: 0,
  delivered: 0,
  heldOut: 0,
  checkedInAfterReminder: 0,
  checkedInWithin2hAfterReminder: 0,
  checkedInHeldOut: 0,
  checkedInWithin2hHeldOut: 0,
};

/** Creates the date's document if it does not exist yet (a racing creation is fine). */
export async function ensureDailyStats(db: Database, date: LocalDate, now: Date): Promise<void> {
  try {
    await insertOwnId(db, DAILY_STATS, { _id: date, date, ...NO_DAILY_COUNTS, createdAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** Adds to the date's counters in one request; creates the document first if it is missing. */
export async function addDailyCounts(db: Database, date: LocalDate, add: Partial<DailyCounts>, now: Date): Promise<void> {
  const _ = db.command;
  const data: Record<string, unknown> = { updatedAt: now };
  for (const [key, n] of Object.entries(add)) if (n) data[key] = _.inc(n);
  if (Object.keys(data).length === 1) return;
  const inc = () => db.collection(DAILY_STATS).where({ _id: date, ...serverWritten(db) }).update({ data });
  let updated = 0;
  try {
    updated = (await inc()).stats.updated;
  } catch (error) {
    if (!isCollectionMissing(error)) throw error;
  }
  if (updated === 1) return;
  await ensureDailyStats(db, date, now);
  await inc();
}
