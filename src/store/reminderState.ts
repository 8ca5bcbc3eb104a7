// `reminderState`: what later runs must know of the send channels (DESIGN §3). `<date>:<channel>`:
// a channel stopped for that Shanghai date (WeChat's daily quota, 45009). `retired:<channel>`:
// WeChat retired the channel's API (45103), remembered until a probe — at most one a day, by the
// run that takes it (`probedOn`) — finds it answering again.
import type { ClosedChannels, CreditKind } from '../domain/credits';
import type { LocalDate } from '../domain/time';
import { isDuplicateKey } from '../wechat/errors';
import type { Database } from '../wechat/types';
import { insertOwnId, readOr, REMINDER_STATE, serverWritten } from './collections';

const CHANNELS: readonly CreditKind[] = ['form', 'subscribe'];
const dayId = (date: LocalDate, channel: CreditKind) => `${date}:${channel}`;
const retiredId = (channel: CreditKind) => `retired:${channel}`;

export interface ChannelMemory {
  /** Channels closed when a run of `date` starts. */
  closed: ClosedChannels;
  /** Retired channels not yet probed on `date`. */
  unprobed: CreditKind[];
}

/** What the database remembers of the channels on `date`. One request. */
export async function channelMemory(db: Database, date: LocalDate): Promise<ChannelMemory> {
  const ids = CHANNELS.flatMap((c) => [dayId(date, c), retiredId(c)]);
  const res = await readOr({ data: [] }, () => db.collection(REMINDER_STATE).where({ _id: db.command.in(ids), ...serverWritten(db) }).get());
  const memory: ChannelMemory = { closed: {}, unprobed: [] };
  for (const c of CHANNELS) {
    const retired = res.data.find((d) => d._id === retiredId(c));
    if (retired) {
      memory.closed[c] = 'retired';
      if (typeof retired.probedOn !== 'string' || retired.probedOn < date) memory.unprobed.push(c);
    } else if (res.data.some((d) => d._id === dayId(date, c))) memory.closed[c] = 'quota';
  }
  return memory;
}

/** Whether the database remembers WeChat's retirement of `channel` (saveFormId then stores none of its credits). One request. */
export async function isRetired(db: Database, channel: CreditKind): Promise<boolean> {
  const res = await readOr({ data: [] }, () => db.collection(REMINDER_STATE).where({ _id: retiredId(channel), ...serverWritten(db) }).limit(1).get());
  return res.data.length > 0;
}

export async function stopForDay(db: Database, date: LocalDate, channel: CreditKind, reason: string, runId: string, now: Date): Promise<void> {
  try {
    await insertOwnId(db, REMINDER_STATE, { _id: dayId(date, channel), date, channel, state: 'stopped', reason, runId, at: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** WeChat answered that the channel's API is retired: later runs leave it closed, probed on the next date first. */
export async function rememberRetired(db: Database, date: LocalDate, channel: CreditKind, reason: string, runId: string, now: Date): Promise<void> {
  const doc = { channel, state: 'retired', probedOn: date, reason, runId, at: now };
  try {
    await insertOwnId(db, REMINDER_STATE, { _id: retiredId(channel), since: now, ...doc });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await db.collection(REMINDER_STATE).where({ _id: retiredId(channel), ...serverWritten(db) }).update({ data: doc });
  }
}

/** Takes `date`'s probe of a retired channel: true for the one caller that moved `probedOn` to `date`. */
export async function takeProbe(db: Database, date: LocalDate, channel: CreditKind): Promise<boolean> {
  const res = await db.collection(REMINDER_STATE).where({ _id: retiredId(channel), probedOn: db.command.lt(date), ...serverWritten(db) }).update({ data: { probedOn: date } });
  return res.stats.updated === 1;
}

/** The probe found the channel's API answering: it is no longer retired. */
export async function forgetRetired(db: Database, channel: CreditKind): Promise<void> {
  await db.collection(REMINDER_STATE).where({ _id: retiredId(channel), ...serverWritten(db) }).remove();
}
