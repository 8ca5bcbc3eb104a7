// The `credits` collection: one document per push credit (docs/data-model.md), the live counts,
// and saveFormId's insert under the caps. sendReminders' reads and writes are in ./reminders.ts,
// the expiry sweep's in ./expiry.ts.
import { createHash } from 'node:crypto';
import { roomFor, type HeldCredit, type SaveEntry } from '../../domain/creditRoom';
import { formExpireAt, type CreditKind, type CreditStatus } from '../../domain/credits';
import type { FormIdToStore } from '../../domain/events/saveFormIdEvent';
import type { CreditCounts, Rejection } from '../../contract';
import { withCollection } from '../../wechat/database';
import { isDuplicateKey } from '../../wechat/errors';
import type { Database, Doc } from '../../wechat/types';
import { CREDITS, readOr, serverWritten } from '../collections';

/** A user holds at most this many unused, unexpired credits of each kind (DESIGN §2): form ids never crowd out a grant. */
export const MAX_LIVE_CREDITS = 100;
const CAPS: CreditCounts = { form: MAX_LIVE_CREDITS, subscribe: MAX_LIVE_CREDITS };
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
  /** The saveFormId request that stored it: tells a racing save's credit from this one's (a retry of the request has the same). */
  saveId: string;
  /** The saveIds of the overlapping saves this one counted before storing it (src/domain/creditRoom.ts); absent when none. */
  countedSaves?: string[];
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Deterministic per (OPENID, form id): two saves of one id race for one `_id`, so it is stored once. */
export function formCreditId(openid: string, formId: string): string {
  return `form_${createHash('sha256').update(`${openid}\n${formId}`, 'utf8').digest('hex')}`;
}

/** A form credit expires 7 days after the tap that yielded it (`tappedAt`, clamped by the event's parser). */
export function newFormCredit(openid: string, formId: string, tappedAt: Date, now: Date, saveId: string): CreditDoc {
  return {
    _id: formCreditId(openid, formId),
    openid,
    kind: 'form',
    value: formId,
    status: 'unused',
    expireAt: formExpireAt(tappedAt),
    saveId,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** Subscribe grants have no natural key; ids are fixed per request (saveId) so a retried insert cannot double them. */
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

export function countByKind(docs: ReadonlyArray<Doc | CreditDoc>): CreditCounts {
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

// Storing a user's new push credits: no id twice, and never more than the cap of a kind live,
// also when calls of one user overlap (the room: src/domain/creditRoom.ts, docs/data-model.md).

export interface CreditRequest {
  /** Valid form ids, each at most once, with the instant their 7 days start from. */
  forms: readonly FormIdToStore[];
  /** Accepted grants per configured subscribe template. */
  subscribe: ReadonlyArray<{ templateId: string; grants: number }>;
}

export interface SaveResult {
  /** Credits stored by this call (or by an earlier attempt of the same request). */
  saved: CreditDoc[];
  rejected: Rejection[];
  /** The user's live credits after the call. */
  credits: CreditCounts;
}

/** The credit documents a request stands for, before any is checked against what is stored. */
export function requestedCredits(openid: string, request: CreditRequest, saveId: string, now: Date): CreditDoc[] {
  const forms = request.forms.map((f) => newFormCredit(openid, f.value, f.tappedAt, now, saveId));
  const subs = request.subscribe
    .flatMap(({ templateId, grants }) => Array.from({ length: grants }, () => templateId))
    .map((templateId, n) => newSubscribeCredit(openid, templateId, now, saveId, n));
  return [...forms, ...subs];
}

/** In one request: which of `docs` are stored already (in any status), and the user's live credits. */
export async function creditsSeen(db: Database, openid: string, docs: readonly CreditDoc[], now: Date): Promise<Doc[]> {
  const _ = db.command;
  const live = liveCondition(db, openid, now);
  const res = await readOr({ data: [] as Doc[] }, () =>
    db.collection(CREDITS)
      .where(docs.length > 0 ? _.or({ _id: _.in(docs.map((d) => d._id)) }, live) : live)
      .field({ openid: true, kind: true, status: true, expireAt: true, saveId: true, countedSaves: true })
      .limit(1000)
      .get(),
  );
  return res.data;
}

const heldCredit = (d: Doc): HeldCredit => ({
  kind: d.kind === 'form' ? 'form' : 'subscribe',
  saveId: typeof d.saveId === 'string' ? d.saveId : '',
  countedSaves: Array.isArray(d.countedSaves) ? d.countedSaves.filter((s): s is string => typeof s === 'string') : [],
});

const rejection = (reason: Rejection['reason']) => (credit: CreditDoc): Rejection => ({ value: credit.value, reason });

/**
 * Stores what `wanted` (requestedCredits) has room for, given what the call saw after announcing
 * itself (`entries`: the user's creditSaves; `seen`: creditsSeen). One batch insert; a racing save
 * of the same form id costs a read and single inserts.
 */
export async function storeCredits(db: Database, openid: string, wanted: readonly CreditDoc[], me: SaveEntry, entries: readonly SaveEntry[], seen: readonly Doc[], now: Date): Promise<SaveResult> {
  const stored = new Map(seen.map((d) => [d._id, d]));
  const live = seen.filter((d) => isLive(d, openid, now));
  const { room, counted } = roomFor(me, entries, live.map(heldCredit), CAPS, now);
  const saved: CreditDoc[] = [];
  const rejected: Rejection[] = [];
  const toInsert: CreditDoc[] = [];
  for (const credit of wanted) {
    const earlier = stored.get(credit._id);
    // An earlier attempt of this request stored it (its answer was lost): it is this call's.
    if (earlier?.saveId === me.saveId) {
      saved.push(credit);
      room[credit.kind] -= 1;
    } else if (earlier) rejected.push(rejection('duplicate')(credit));
  }
  for (const credit of wanted) {
    if (stored.has(credit._id)) continue;
    if (room[credit.kind] <= 0) rejected.push(rejection('quota')(credit));
    else {
      room[credit.kind] -= 1;
      toInsert.push(counted.length > 0 ? { ...credit, countedSaves: counted } : credit);
    }
  }
  const inserted = await insertCredits(db, toInsert, me.saveId);
  saved.push(...inserted.saved);
  rejected.push(...inserted.duplicates.map(rejection('duplicate')));
  // A racing save of the same id: count again rather than guess which of its credits are live.
  const credits = inserted.duplicates.length > 0 ? await liveCreditCounts(db, openid, now) : addCounts(countByKind(live), countByKind(inserted.saved));
  return { saved, rejected, credits };
}

const addCounts = (a: CreditCounts, b: CreditCounts): CreditCounts => ({ form: a.form + b.form, subscribe: a.subscribe + b.subscribe });

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
