// The `checkins` collection: one document per user-day, `_id` = `<OPENID>:<date>`, so "once per
// day" is a property of the database: a second insert for the same day fails with a duplicate key.
import type { LocalDate } from '../domain/time';
import { isDuplicateKey } from '../wechat/errors';
import type { Database, Doc } from '../wechat/types';
import { CHECKINS, insertOwnId, readOr, serverWritten } from './collections';

export interface CheckInDoc {
  _id: string;
  openid: string;
  date: LocalDate;
  questionId: string;
  choice: number;
  correct: boolean;
  points: number;
  /** Shanghai hour of the answer, for the habitual check-in hour. */
  hour: number;
  /** Within 2 hours after that day's reminder (domain/holdout.ts): not part of the habit. */
  prompted: boolean;
  at: Date;
}

export function checkInId(openid: string, date: LocalDate): string {
  return `${openid}:${date}`;
}

/** Records the check-in; false when the user already has one for that date. One request. */
export async function insertCheckIn(db: Database, doc: CheckInDoc): Promise<boolean> {
  try {
    await insertOwnId(db, CHECKINS, { ...doc });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

function toCheckIn(d: Doc): CheckInDoc {
  return {
    _id: d._id,
    openid: String(d.openid),
    date: String(d.date),
    questionId: String(d.questionId),
    choice: Number(d.choice),
    correct: d.correct === true,
    points: typeof d.points === 'number' ? d.points : 0,
    hour: typeof d.hour === 'number' ? d.hour : 0,
    prompted: d.prompted === true,
    at: d.at instanceof Date ? d.at : new Date(0),
  };
}

/**
 * The user's check-ins dated `from` through `to`, oldest first. A range on `_id` (OPENID prefix,
 * dates sort as text), so the default `_id` index answers it and no console index is needed.
 */
export async function checkInsBetween(db: Database, openid: string, from: LocalDate, to: LocalDate): Promise<CheckInDoc[]> {
  const _ = db.command;
  const res = await readOr({ data: [] }, () =>
    db.collection(CHECKINS)
      .where({ openid, _id: _.and(_.gte(checkInId(openid, from)), _.lte(checkInId(openid, to))), ...serverWritten(db) })
      .orderBy('_id', 'asc')
      .limit(100)
      .get(),
  );
  return res.data.map(toCheckIn);
}
