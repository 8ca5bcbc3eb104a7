import { foldCheckIns, type CheckInSummary } from '../domain/checkInSummary';
import { nextRemindDateAfterCheckIn } from '../domain/remindDate';
import type { LocalDate } from '../domain/time';
import type { Database } from '../wechat/types';
import { checkInsBetween, type CheckInDoc } from './checkins';
import { readUser } from './readUser';
import { updateUser } from './updateUser';
import type { UserDoc } from './users';

const ATTEMPTS = 5;

export interface SyncedSummary {
  summary: CheckInSummary;
  /** The check-in records read, from the summary's last date through `today`. */
  records: CheckInDoc[];
}

/**
 * Makes the user's summary reflect every check-in record up to `today`: the one just inserted,
 * and any a crashed call inserted without updating the summary. The update is conditioned on
 * lastCheckInDate still being what was read (only check-ins move it), so two calls never fold
 * the same record twice; the loser re-reads and finds nothing left to fold.
 * Two requests when there is something to fold, one otherwise.
 */
export async function syncCheckInSummary(db: Database, user: UserDoc, today: LocalDate, now: Date): Promise<SyncedSummary> {
  const _ = db.command;
  let current = user;
  for (let attempt = 1; ; attempt++) {
    const records = await checkInsBetween(db, current._id, current.lastCheckInDate, today);
    const summary = foldCheckIns(current, records);
    if (summary.lastCheckInDate === current.lastCheckInDate) return { summary, records };
    const data: Record<string, unknown> = {
      lastCheckInDate: summary.lastCheckInDate,
      streak: summary.streak,
      recentCheckIns: _.set(summary.recentCheckIns),
      checkIns: summary.checkIns,
      correct: summary.correct,
      points: summary.points,
      updatedAt: now,
    };
    // Only ever raised here: rewriting a higher stored value could undo a concurrent lowering.
    const next = nextRemindDateAfterCheckIn(current.nextRemindDate, summary.lastCheckInDate);
    if (next !== current.nextRemindDate) data.nextRemindDate = next;
    if (await updateUser(db, current._id, data, { lastCheckInDate: current.lastCheckInDate })) return { summary, records };
    const again = await readUser(db, current._id);
    if (!again || attempt >= ATTEMPTS) throw new Error(`users/${current._id}: check-in summary kept changing (${attempt} attempts)`);
    current = again;
  }
}
