// sendReminders' reads and writes of `users` (docs/reminders.md "Requests"). Every write is a
// conditional multi-document update, so overlapping runs cannot both act on one user-day, and
// users whose writes are identical share one request.
import type { RemindClaim } from '../../domain/claims';
import { NEVER_DATE } from '../../domain/remindDate';
import { addDays, type LocalDate } from '../../domain/time';
import type { Database } from '../../wechat/types';
import { readOr, serverWritten, USERS } from '../collections';
import { toUser, type UserDoc } from './index';

/** Users per page: the query limit is 1000; smaller pages keep a crash's stranded claims few. */
export const USERS_PAGE = 200;

const candidateCondition = (db: Database, shards: readonly number[], today: LocalDate) => ({
  shard: db.command.in([...shards]),
  nextRemindDate: db.command.lte(today),
  ...serverWritten(db),
});

/** Users of `shards` who may be due today, after `afterId` in `_id` order (the cursor; no skip). */
export async function candidatePage(db: Database, shards: readonly number[], today: LocalDate, afterId: string, limit = USERS_PAGE): Promise<UserDoc[]> {
  const where = { ...candidateCondition(db, shards, today), ...(afterId ? { _id: db.command.gt(afterId) } : {}) };
  const res = await readOr({ data: [] }, () => db.collection(USERS).where(where).orderBy('_id', 'asc').limit(limit).get());
  return res.data.map(toUser);
}

/** How many users of `shards` may be due today (after `afterId`): sizes the fan-out and `remaining`. */
export async function countCandidates(db: Database, shards: readonly number[], today: LocalDate, afterId = ''): Promise<number> {
  const where = { ...candidateCondition(db, shards, today), ...(afterId ? { _id: db.command.gt(afterId) } : {}) };
  const res = await readOr({ total: 0 }, () => db.collection(USERS).where(where).count());
  return res.total;
}

/** The stored rules a run re-checks before taking a user on today: reminders on, not checked in or reminded today. */
const openDay = (db: Database, ids: readonly string[], today: LocalDate) => ({
  _id: db.command.in([...ids]),
  enabled: true,
  lastCheckInDate: db.command.lt(today),
  lastRemindedDate: db.command.lt(today),
});

/** Who holds a claim: the run it works for, and the invocation itself (only it may act on the claim). */
export type Holder = Pick<RemindClaim, 'runId' | 'owner'>;

/**
 * Claims the user-days of `ids` for `claim.owner` in one update whose condition re-checks every
 * stored rule (data-model "Claims" step 1): reminders on, not checked in or reminded today, and
 * no claim on today that is still held — a claim whose holder has ended (past its `expiresAt`, or
 * without one) is taken over here, once the caller has settled those whose holder had a credit
 * in flight (spentBy) — and not held out today. Answers the ids this invocation now holds: all of them when the update says
 * so, else read back (also when the update's answer was lost).
 */
export async function claimUsers(db: Database, ids: readonly string[], claim: RemindClaim): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const _ = db.command;
  const today = claim.date;
  const condition = _.and(
    openDay(db, ids, today),
    _.or(
      { 'remind.date': _.neq(today) },
      { 'remind.state': _.nin(['claimed', 'held-out']) },
      { 'remind.state': 'claimed', 'remind.expiresAt': _.lte(claim.at) },
      { 'remind.state': 'claimed', 'remind.expiresAt': _.exists(false) },
    ),
  );
  try {
    const res = await db.collection(USERS).where(condition).update({ data: { remind: _.set(claim), rev: _.inc(1) } });
    if (res.stats.updated === ids.length) return new Set(ids);
  } catch {
    // The update may have been applied before its answer was lost: what is stored decides.
  }
  return heldBy(db, ids, claim.owner);
}

/**
 * Holds out the user-days of `ids` (docs/holdout.md) in one update whose condition re-checks the
 * claim's stored rules and that nobody took the user on today (no mark of any kind on today), so
 * racing runs count each once. The mark (`state: 'held-out'`) keeps later runs and checkIn
 * informed; nextRemindDate = tomorrow keeps later runs from reading the user. No credit is
 * touched. Answers how many this invocation held out (read back when the answer was lost).
 */
export async function holdOutUsers(db: Database, ids: readonly string[], mark: RemindClaim): Promise<number> {
  if (ids.length === 0) return 0;
  const _ = db.command;
  const today = mark.date;
  const condition = { ...openDay(db, ids, today), 'remind.date': _.neq(today) };
  try {
    const res = await db.collection(USERS).where(condition).update({ data: { remind: _.set(mark), nextRemindDate: addDays(today, 1), rev: _.inc(1), updatedAt: mark.at } });
    return res.stats.updated;
  } catch {
    const res = await db.collection(USERS).where({ _id: _.in([...ids]), 'remind.owner': mark.owner, 'remind.state': 'held-out' }).count();
    return res.total;
  }
}

/** Which of `ids` this invocation holds a claim on. */
export async function heldBy(db: Database, ids: readonly string[], owner: string): Promise<Set<string>> {
  const res = await db.collection(USERS).where({ _id: db.command.in([...ids]), 'remind.owner': owner, 'remind.state': 'claimed' }).field({ _id: true }).limit(1000).get();
  return new Set(res.data.map((d) => d._id));
}

/**
 * Records the users of `ids` held by `holder` as reminded today (delivered, or presumed: a lost
 * answer). Their next possible date is tomorrow.
 */
export async function markReminded(db: Database, ids: readonly string[], holder: Holder, today: LocalDate, state: RemindClaim['state'], now: Date): Promise<number> {
  const _ = db.command;
  const res = await db.collection(USERS).where({ _id: _.in([...ids]), 'remind.owner': holder.owner }).update({
    data: {
      lastRemindedDate: today,
      nextRemindDate: addDays(today, 1),
      remind: _.set({ date: today, ...holder, state, at: now, expiresAt: now }),
      rev: _.inc(1),
      updatedAt: now,
    },
  });
  return res.stats.updated;
}

/**
 * Users whose claim on today is still held by one of `owners`, invocations that ended with a
 * credit of theirs in flight or spent: reminded, as far as anyone can know (at most once, I1). One
 * request for a page, whatever the owners (each claim keeps its own run and owner).
 */
export async function markInterrupted(db: Database, ids: readonly string[], owners: readonly string[], today: LocalDate, now: Date): Promise<number> {
  const _ = db.command;
  const res = await db.collection(USERS)
    .where({ _id: _.in([...ids]), 'remind.owner': _.in([...owners]), 'remind.state': 'claimed', 'remind.date': today })
    .update({ data: { lastRemindedDate: today, nextRemindDate: addDays(today, 1), 'remind.state': 'interrupted', 'remind.at': now, 'remind.expiresAt': now, rev: _.inc(1), updatedAt: now } });
  return res.stats.updated;
}

/**
 * Lets go of users this run held but did not remind, so a later run may try them today. Their
 * credits may have gone back to unused: nextRemindDate is lowered to today and creditsRev moves,
 * which voids any concurrent "no credit" decision taken on an older read (markCreditless).
 */
export async function releaseUsers(db: Database, ids: readonly string[], holder: Holder, today: LocalDate, now: Date): Promise<number> {
  const _ = db.command;
  const res = await db.collection(USERS).where({ _id: _.in([...ids]), 'remind.owner': holder.owner, 'remind.state': 'claimed' }).update({
    data: { remind: _.set({ date: today, ...holder, state: 'released', at: now, expiresAt: now }), nextRemindDate: today, creditsRev: _.inc(1), rev: _.inc(1), updatedAt: now },
  });
  return res.stats.updated;
}

/**
 * Users the sender found without a usable credit: not due again until a new credit or switching
 * reminders on lowers nextRemindDate. Conditioned on creditsRev being what the sender read before
 * it queried their credits (data-model "nextRemindDate"), so a credit stored meanwhile wins.
 * With `held`, only users that invocation holds, and its claim ends with it; a user whose
 * creditsRev moved stays claimed (release it next).
 */
export async function markCreditless(
  db: Database,
  ids: readonly string[],
  creditsRev: number,
  now: Date,
  held?: { holder: Holder; today: LocalDate },
): Promise<number> {
  const _ = db.command;
  const where = held ? { _id: _.in([...ids]), creditsRev, 'remind.owner': held.holder.owner, 'remind.state': 'claimed' } : { _id: _.in([...ids]), creditsRev };
  const data: Record<string, unknown> = { nextRemindDate: NEVER_DATE, rev: _.inc(1), updatedAt: now };
  if (held) data.remind = _.set({ date: held.today, ...held.holder, state: 'released', at: now, expiresAt: now });
  const res = await db.collection(USERS).where(where).update({ data });
  return res.stats.updated;
}

/**
 * Users whose only sendable credits are on channels closed for the rest of `today` (a daily quota,
 * a retired API): not due again before tomorrow, when the channel is tried (or probed) again.
 * Conditioned on creditsRev as read before their credits were, so a credit saved meanwhile wins
 * (as for markCreditless).
 */
export async function postponeToTomorrow(db: Database, ids: readonly string[], creditsRev: number, today: LocalDate, now: Date): Promise<number> {
  const _ = db.command;
  const res = await db.collection(USERS)
    .where({ _id: _.in([...ids]), creditsRev, nextRemindDate: _.lte(today) })
    .update({ data: { nextRemindDate: addDays(today, 1), rev: _.inc(1), updatedAt: now } });
  return res.stats.updated;
}

/**
 * Raises nextRemindDate past today for users who cannot be due today (checked in, reminded, held out), or
 * to "never" for users who switched reminders off: keeps later runs' pages short. Each condition
 * re-checks the reason on the stored document.
 */
export async function raiseNextRemindDate(db: Database, ids: readonly string[], reason: 'done-today' | 'disabled', today: LocalDate, now: Date): Promise<number> {
  const _ = db.command;
  const base = { _id: _.in([...ids]), nextRemindDate: _.lte(today) };
  const where = reason === 'disabled'
    ? { ...base, enabled: false }
    : _.and(base, _.or({ lastCheckInDate: _.gte(today) }, { lastRemindedDate: _.gte(today) }, { 'remind.date': today, 'remind.state': 'held-out' }));
  const next = reason === 'disabled' ? NEVER_DATE : addDays(today, 1);
  const res = await db.collection(USERS).where(where).update({ data: { nextRemindDate: next, rev: _.inc(1), updatedAt: now } });
  return res.stats.updated;
}
