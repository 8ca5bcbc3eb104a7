// `reminderState`: channels stopped for a whole Shanghai date (WeChat's daily quota, 45009),
// `_id` = `<date>:<channel>`, so every later run that day leaves the channel alone.
import type { CreditKind } from '../domain/credits';
import type { LocalDate } from '../domain/time';
import { withCollection } from '../wechat/database';
import { isDuplicateKey } from '../wechat/errors';
import type { Database } from '../wechat/types';
import { readOr, REMINDER_STATE } from './collections';

const CHANNELS: readonly CreditKind[] = ['form', 'subscribe'];
const idOf = (date: LocalDate, channel: CreditKind) => `${date}:${channel}`;

/** Channels stopped for `date`. One request. */
export async function stoppedForDay(db: Database, date: LocalDate): Promise<CreditKind[]> {
  const res = await readOr({ data: [] }, () =>
    db.collection(REMINDER_STATE).where({ _id: db.command.in(CHANNELS.map((c) => idOf(date, c))) }).get(),
  );
  return CHANNELS.filter((c) => res.data.some((d) => d._id === idOf(date, c)));
}

export async function stopForDay(db: Database, date: LocalDate, channel: CreditKind, reason: string, runId: string, now: Date): Promise<void> {
  try {
    await withCollection(db, () => db.collection(REMINDER_STATE).add({ data: { _id: idOf(date, channel), date, channel, state: 'stopped', reason, runId, at: now } }), REMINDER_STATE);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
