// The `users` collection: one document per user, `_id` = OPENID (docs/data-model.md), and the
// reads and writes of the user-facing functions. sendReminders' are in ./reminders.ts.
import { createHash } from 'node:crypto';
import type { SettingsChange } from '../../contract';
import type { RemindClaim } from '../../domain/claims';
import type { SaveEntry } from '../../domain/creditRoom';
import { EMPTY_SUMMARY, foldCheckIns, type CheckInSummary } from '../../domain/checkInSummary';
import type { CheckInHour } from '../../domain/habit';
import { lowerNextRemindDate, NEVER_DATE, nextRemindDateAfterCheckIn } from '../../domain/remindDate';
import type { LocalDate } from '../../domain/time';
import { isDuplicateKey } from '../../wechat/errors';
import type { Condition, Database, Doc } from '../../wechat/types';
import { checkInsBetween, type CheckInDoc } from '../checkins';
import { insertOwnId, readOr, serverWritten, USERS } from '../collections';

export const SHARDS = 64;
/** Optimistic updates give up after this many conflicts in a row (the call answers INTERNAL). */
const ATTEMPTS = 5;

/** The claim sendReminders puts on one user-day (src/domain/claims.ts); opaque to the user-facing functions. */
export type { RemindClaim };

export interface UserDoc extends CheckInSummary {
  _id: string;
  enabled: boolean;
  /** Chosen reminder hour; null = automatic. */
  hour: number | null;
  lastRemindedDate: LocalDate | '';
  /** Lower bound of the next date the user may be due (the sender's query key). */
  nextRemindDate: LocalDate;
  remind: RemindClaim | null;
  shard: number;
  /** Incremented by saveFormId after it stored credits (lets the sender detect a credit it did not see). */
  creditsRev: number;
  /** Incremented by every update of the user-facing functions (see updateUser). */
  rev: number;
  /** saveFormId calls storing credits right now, in the order they began (src/domain/creditRoom.ts). */
  creditSaves: SaveEntry[];
  createdAt: Date;
  updatedAt: Date;
}

/** Stable shard of an OPENID in 0..63 (first 32 bits of its SHA-256). */
export function shardOf(openid: string): number {
  return createHash('sha256').update(openid, 'utf8').digest().readUInt32BE(0) % SHARDS;
}

/**
 * A user as first stored. Without a credit the user cannot be due, so nextRemindDate starts at
 * "never"; storing a credit lowers it (saveFormId).
 */
export function newUser(openid: string, now: Date): UserDoc {
  return {
    _id: openid,
    enabled: true,
    hour: null,
    ...EMPTY_SUMMARY,
    recentCheckIns: [],
    lastRemindedDate: '',
    nextRemindDate: NEVER_DATE,
    remind: null,
    shard: shardOf(openid),
    creditsRev: 0,
    rev: 0,
    creditSaves: [],
    createdAt: now,
    updatedAt: now,
  };
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const date = (v: unknown, fallback: Date): Date => (v instanceof Date ? v : fallback);

function claim(v: unknown): RemindClaim | null {
  if (!v || typeof v !== 'object') return null;
  const c = v as Partial<RemindClaim>;
  if (typeof c.date !== 'string' || typeof c.runId !== 'string' || typeof c.state !== 'string') return null;
  const time = (v: unknown) => (v instanceof Date ? v : new Date(NaN));
  // A claim of an older version names no owner: none matches it, and without an expiry it is stale.
  return { date: c.date, runId: c.runId, owner: typeof c.owner === 'string' ? c.owner : '', state: c.state, at: time(c.at), expiresAt: time(c.expiresAt) };
}

function saveEntries(v: unknown): SaveEntry[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e: unknown) => {
    const r = e as Partial<Record<keyof SaveEntry, unknown>> | null;
    if (!r || typeof r.id !== 'string' || typeof r.saveId !== 'string' || !(r.at instanceof Date)) return [];
    const wants = (r.wants ?? {}) as Record<string, unknown>;
    return [{ id: r.id, saveId: r.saveId, at: r.at, wants: { form: count(wants.form), subscribe: count(wants.subscribe) } }];
  });
}

function recent(v: unknown): CheckInHour[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e: unknown) => {
    const r = e as Partial<CheckInHour> | null;
    if (!r || typeof r.date !== 'string' || typeof r.hour !== 'number') return [];
    return [r.prompted === true ? { date: r.date, hour: r.hour, prompted: true as const } : { date: r.date, hour: r.hour }];
  });
}

/** Reads a stored document; fields a document lacks (older versions) take their defaults. */
export function toUser(doc: Doc): UserDoc {
  const epoch = new Date(0);
  const hour = doc.hour;
  return {
    _id: doc._id,
    enabled: doc.enabled !== false,
    hour: typeof hour === 'number' && Number.isInteger(hour) ? hour : null,
    lastCheckInDate: str(doc.lastCheckInDate, ''),
    streak: count(doc.streak),
    recentCheckIns: recent(doc.recentCheckIns),
    checkIns: count(doc.checkIns),
    correct: count(doc.correct),
    points: count(doc.points),
    lastChoice: typeof doc.lastChoice === 'number' && Number.isInteger(doc.lastChoice) ? doc.lastChoice : null,
    lastRemindedDate: str(doc.lastRemindedDate, ''),
    nextRemindDate: str(doc.nextRemindDate, NEVER_DATE),
    remind: claim(doc.remind),
    shard: typeof doc.shard === 'number' ? doc.shard : shardOf(doc._id),
    creditsRev: count(doc.creditsRev),
    rev: count(doc.rev),
    creditSaves: saveEntries(doc.creditSaves),
    createdAt: date(doc.createdAt, epoch),
    updatedAt: date(doc.updatedAt, epoch),
  };
}

/** The user's document, or null when the user has never written anything. One request. */
export async function readUser(db: Database, openid: string): Promise<UserDoc | null> {
  // where() rather than doc().get(): a missing document is an answer here, not an error.
  const res = await readOr({ data: [] }, () => db.collection(USERS).where({ _id: openid, ...serverWritten(db) }).limit(1).get());
  const doc = res.data[0];
  return doc ? toUser(doc) : null;
}

/**
 * The user's document, created on first write. `_id` = OPENID, so two first calls racing create
 * it once: the loser's insert fails with a duplicate key and it reads the winner's document.
 */
export async function ensureUser(db: Database, openid: string, now: Date): Promise<UserDoc> {
  const existing = await readUser(db, openid);
  if (existing) return existing;
  const user = newUser(openid, now);
  try {
    await insertOwnId(db, USERS, { ...user });
    return user;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const winner = await readUser(db, openid);
    if (!winner) throw error;
    return winner;
  }
}

/**
 * Updates the user's document if it still matches `condition` (optimistic concurrency: the
 * condition re-checks the fields the caller read). True when it matched.
 *
 * Every update also increments `rev`, so it always changes the document it matches: a database
 * may count only modified documents, and an update whose values are already stored (switching on
 * reminders that are on) would otherwise report 0 and look like a lost race.
 */
export async function updateUser(db: Database, openid: string, data: Record<string, unknown>, condition: Condition = {}): Promise<boolean> {
  const res = await db.collection(USERS).where({ ...condition, _id: openid, ...serverWritten(db) }).update({ data: { ...data, rev: db.command.inc(1) } });
  return res.stats.updated === 1;
}

/**
 * Writes `data` to the user together with the nextRemindDate a new chance to remind needs (a new
 * credit, reminders switched on). The lowering is decided on the stored value, so the update is
 * conditioned on nextRemindDate still being what was read; on a concurrent change it re-reads.
 * Without that, a sender that just set "never" (no credit found) could strand the new credit.
 */
export async function updateUserAllowingReminder(db: Database, user: UserDoc, today: LocalDate, data: Record<string, unknown>): Promise<UserDoc> {
  let current = user;
  for (let attempt = 1; ; attempt++) {
    const lowered = lowerNextRemindDate(current, today);
    const write = lowered === null ? data : { ...data, nextRemindDate: lowered };
    if (await updateUser(db, current._id, write, { nextRemindDate: current.nextRemindDate })) {
      return { ...current, nextRemindDate: lowered ?? current.nextRemindDate };
    }
    const again = await readUser(db, current._id);
    if (!again || attempt >= ATTEMPTS) throw new Error(`users/${current._id}: nextRemindDate kept changing (${attempt} attempts)`);
    current = again;
  }
}

/** Writes the fields `change` names (last writer wins) and returns the user as now stored. */
export async function changeSettings(db: Database, user: UserDoc, change: SettingsChange, today: LocalDate, now: Date): Promise<UserDoc> {
  const data: Record<string, unknown> = { ...change, updatedAt: now };
  if (change.enabled === true) {
    const { nextRemindDate } = await updateUserAllowingReminder(db, user, today, data);
    return { ...user, ...change, nextRemindDate };
  }
  // Off: the sender need not look at this user until reminders are switched on again.
  if (change.enabled === false) data.nextRemindDate = NEVER_DATE;
  await updateUser(db, user._id, data);
  return { ...user, ...change, nextRemindDate: change.enabled === false ? NEVER_DATE : user.nextRemindDate };
}

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
      lastChoice: summary.lastChoice,
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

/** Test reminders one user may ask for per Shanghai date (reminderSettings `test`). */
export const TEST_REMINDERS_PER_DAY = 3;

/**
 * Takes one of the user's test reminders of `today` (`testReminders: { date, count }`): false when
 * all are taken, or when the user has no document. Conditional updates, so concurrent asks never
 * take more than there are: a count of an older date is reset, today's is raised below the cap.
 */
export async function takeTestReminder(db: Database, openid: string, today: LocalDate, now: Date): Promise<boolean> {
  const _ = db.command;
  const raise = () => updateUser(db, openid, { 'testReminders.count': _.inc(1), updatedAt: now }, { 'testReminders.date': today, 'testReminders.count': _.lt(TEST_REMINDERS_PER_DAY) });
  if (await raise()) return true;
  if (await updateUser(db, openid, { testReminders: _.set({ date: today, count: 1 }), updatedAt: now }, { 'testReminders.date': _.neq(today) })) return true;
  // Another ask reset the count between the two updates: today's count may still have room.
  return raise();
}
