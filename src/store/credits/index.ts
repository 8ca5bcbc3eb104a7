// The `credits` collection: one document per push credit (docs/data-model.md), the live counts,
// and saveFormId's insert under the cap. sendReminders' reads and writes are in ./reminders.ts,
// the expiry sweep's in ./expiry.ts.
import { createHash } from 'node:crypto';
import { formExpireAt, type CreditKind, type CreditStatus } from '../../domain/credits';
import type { CreditCounts, Rejection } from '../../contract';
import { withCollection } from '../../wechat/database';
import { isDuplicateKey } from '../../wechat/errors';
import type { Database, Doc } from '../../wechat/types';
import { CREDITS, readOr, serverWritten } from '../collections';

/** A user holds at most this many unused, unexpired credits (DESIGN §2). */
export const MAX_LIVE_CREDITS = 100;
/** expireAt of a subscribe credit, which never expires: ordering by expireAt puts form credits first. */
export const NEVER_EXPIRES = new Date('9999-12-31T00:00:00.000Z');

export interface CreditDoc {
  _id: string;
  openid: string;
  kind: CreditKind;
  /** The form id, or the subscribe template id. */
  value: string;
  status: CreditStatus;
  expireAt: Date;
  /** The saveFormId invocation that stored it: tells a racing save's credit from this one's. */
  saveId: string;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Deterministic per (OPENID, form id): two saves of one id race for one `_id`, so it is stored once. */
export function formCreditId(openid: string, formId: string): string {
  return `form_${createHash('sha256').update(`${openid}\n${formId}`, 'utf8').digest('hex')}`;
}

export function newFormCredit(openid: string, formId: string, now: Date, saveId: string): CreditDoc {
  return {
    _id: formCreditId(openid, formId),
    openid,
    kind: 'form',
    value: formId,
    status: 'unused',
    expireAt: formExpireAt(now),
    saveId,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** Subscribe grants have no natural key; ids are fixed per invocation so a retried insert cannot double them. */
export function newSubscribeCredit(openid: string, templateId: string, now: Date, saveId: string, n: number): CreditDoc {
  return {
    _id: `sub_${saveId}_${n}`,
    openid,
    kind: 'subscribe',
    value: templateId,
    status: 'unused',
    expireAt: NEVER_EXPIRES,
    saveId,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** The condition for a user's credits that can still be sent at `now`. */
export function liveCondition(db: Database, openid: string, now: Date) {
  return { openid, status: 'unused', expireAt: db.command.gt(now), ...serverWritten(db) };
}

export function isLive(doc: Doc, openid: string, now: Date): boolean {
  return doc.openid === openid && doc.status === 'unused' && doc.expireAt instanceof Date && doc.expireAt.getTime() > now.getTime();
}

export function countByKind(docs: readonly Doc[]): CreditCounts {
  const counts: CreditCounts = { form: 0, subscribe: 0 };
  for (const d of docs) if (d.kind === 'form' || d.kind === 'subscribe') counts[d.kind] += 1;
  return counts;
}

/** The user's live credits (id and kind only). One request; the cap keeps the answer small. */
export async function liveCredits(db: Database, openid: string, now: Date): Promise<Doc[]> {
  const res = await readOr({ data: [] }, () =>
    db.collection(CREDITS).where(liveCondition(db, openid, now)).field({ kind: true }).limit(1000).get(),
  );
  return res.data;
}

export async function liveCreditCounts(db: Database, openid: string, now: Date): Promise<CreditCounts> {
  return countByKind(await liveCredits(db, openid, now));
}

// Storing a user's new push credits: no id twice, and never more than MAX_LIVE_CREDITS live.
//
// The cap holds under concurrent saves without a lock: every save first inserts, then counts the
// user's live credits, and if the count is over the cap removes its own surplus. Of any set of
// racing saves, the one that counts last sees every insert, so the final count never exceeds the
// cap (a race may reject a little more than strictly necessary, never less).

export interface CreditRequest {
  /** Valid form ids, each at most once. */
  formIds: readonly string[];
  /** Accepted grants per configured subscribe template. */
  subscribe: ReadonlyArray<{ templateId: string; grants: number }>;
}

export interface SaveResult {
  /** Credits stored by this call. */
  saved: CreditDoc[];
  rejected: Rejection[];
  /** The user's live credits after the call. */
  credits: CreditCounts;
}

const rejection = (reason: Rejection['reason']) => (credit: CreditDoc): Rejection => ({ value: credit.value, reason });

export async function saveCredits(db: Database, openid: string, request: CreditRequest, now: Date, saveId: string): Promise<SaveResult> {
  const forms = [...new Set(request.formIds)].map((id) => newFormCredit(openid, id, now, saveId));
  const subs = request.subscribe
    .flatMap(({ templateId, grants }) => Array.from({ length: grants }, () => templateId))
    .map((templateId, n) => newSubscribeCredit(openid, templateId, now, saveId, n));

  // One read answers both "which of these form ids are stored already" and "how many are live".
  const _ = db.command;
  const live = liveCondition(db, openid, now);
  const seen = await readOr({ data: [] as Doc[] }, async () =>
    (await db.collection(CREDITS)
      .where(forms.length > 0 ? _.or({ _id: _.in(forms.map((f) => f._id)) }, live) : live)
      .field({ openid: true, kind: true, status: true, expireAt: true })
      .limit(1000)
      .get()),
  );
  const stored = new Set(seen.data.map((d) => d._id));
  const liveBefore = seen.data.filter((d) => isLive(d, openid, now));

  // Subscribe grants take the room first: they deliver today and never expire.
  const ranked = [...subs, ...forms.filter((f) => !stored.has(f._id))];
  const room = Math.max(0, MAX_LIVE_CREDITS - liveBefore.length);
  const wanted = ranked.slice(0, room);
  const rejected = [...forms.filter((f) => stored.has(f._id)).map(rejection('duplicate')), ...ranked.slice(room).map(rejection('quota'))];

  const { saved, duplicates } = await insertCredits(db, wanted, saveId);
  rejected.push(...duplicates.map(rejection('duplicate')));
  if (wanted.length === 0) return { saved, rejected, credits: countByKind(liveBefore) };

  const after = await liveCredits(db, openid, now);
  const surplus = after.length - MAX_LIVE_CREDITS;
  if (surplus <= 0) return { saved, rejected, credits: countByKind(after) };

  // A racing save filled the room meanwhile: give back our own newest credits, form ids first.
  const byPriority = [...saved.filter((c) => c.kind === 'form').reverse(), ...saved.filter((c) => c.kind === 'subscribe').reverse()];
  const dropped = await removeUnused(db, byPriority.slice(0, surplus));
  rejected.push(...dropped.map(rejection('quota')));
  const droppedIds = new Set(dropped.map((d) => d._id));
  return {
    saved: saved.filter((c) => !droppedIds.has(c._id)),
    rejected,
    credits: countByKind(await liveCredits(db, openid, now)),
  };
}

/**
 * Inserts the credits in one batch. If the batch hits a duplicate `_id` (a racing save stored the
 * same form id), finds out which ids are ours and inserts the rest one by one.
 */
async function insertCredits(db: Database, docs: CreditDoc[], saveId: string): Promise<{ saved: CreditDoc[]; duplicates: CreditDoc[] }> {
  if (docs.length === 0) return { saved: [], duplicates: [] };
  const credits = () => db.collection(CREDITS);
  try {
    await withCollection(db, () => credits().add({ data: docs.map((d) => ({ ...d })) }), CREDITS);
    return { saved: docs, duplicates: [] };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  // Whether a failed batch stored the documents before the duplicate depends on the server.
  const found = await credits().where({ _id: db.command.in(docs.map((d) => d._id)) }).field({ saveId: true }).limit(1000).get();
  const owner = new Map(found.data.map((d) => [d._id, d.saveId]));
  const saved: CreditDoc[] = [];
  const duplicates: CreditDoc[] = [];
  for (const doc of docs) {
    if (owner.has(doc._id)) {
      (owner.get(doc._id) === saveId ? saved : duplicates).push(doc);
      continue;
    }
    try {
      await credits().add({ data: { ...doc } });
      saved.push(doc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      duplicates.push(doc);
    }
  }
  return { saved, duplicates };
}

/** Removes those of `docs` still unused; returns the ones removed (a sender may have claimed one meanwhile). */
async function removeUnused(db: Database, docs: CreditDoc[]): Promise<CreditDoc[]> {
  const _ = db.command;
  const ids = docs.map((d) => d._id);
  const res = await db.collection(CREDITS).where({ _id: _.in(ids), status: 'unused' }).remove();
  if (res.stats.removed === docs.length) return docs;
  const left = await db.collection(CREDITS).where({ _id: _.in(ids) }).field({ _id: true }).get();
  const kept = new Set(left.data.map((d) => d._id));
  return docs.filter((d) => !kept.has(d._id));
}
