// `saveRequests`: the answer saveFormId gave to each request id of a user, for 24 hours, so that a
// retry (the app lost the answer, or the network did) stores nothing new and answers the same
// (docs/data-model.md). `_id` = `<OPENID>:<hash of the request id>`: one per user and request,
// and a range on `_id` finds a user's (deleteMyData) without an index.
import { createHash } from 'node:crypto';
import type { Rejection } from '../contract';
import { withCollection } from '../wechat/database';
import type { Database } from '../wechat/types';
import { readOr, SAVE_REQUESTS, serverWritten } from './collections';

/** A repeat of a request id within this long is the same request. */
export const REQUEST_MEMORY_MS = 24 * 60 * 60 * 1000;

export interface SaveAnswer {
  saved: number;
  rejected: Rejection[];
}

export interface SaveRequestDoc {
  _id: string;
  openid: string;
  requestId: string;
  answer: SaveAnswer;
  at: Date;
  /** When the request id may mean a new request (and the document may be deleted). */
  expireAt: Date;
}

const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);

export const saveRequestDocId = (openid: string, requestId: string) => `${openid}:${hash(requestId)}`;

export type EarlierRequest =
  | { answer: SaveAnswer }
  /**
   * A new request. `saveId` names the credits it stores: the same for every retry of it, so a
   * retried insert cannot add a grant twice, and different from an expired request of that id.
   */
  | { answer: null; saveId: string };

/** The answer to this request id within the last 24 hours, or the saveId of a new request. One request. */
export async function earlierRequest(db: Database, openid: string, requestId: string, now: Date): Promise<EarlierRequest> {
  const res = await readOr({ data: [] }, () => db.collection(SAVE_REQUESTS).where({ _id: saveRequestDocId(openid, requestId), ...serverWritten(db) }).limit(1).get());
  const doc = res.data[0];
  const at = doc?.at instanceof Date ? doc.at : null;
  if (!doc || !at || at.getTime() + REQUEST_MEMORY_MS <= now.getTime()) {
    return { answer: null, saveId: `r_${hash(`${openid}\n${requestId}\n${at?.toISOString() ?? ''}`)}` };
  }
  const answer = doc.answer as Partial<SaveAnswer> | undefined;
  return { answer: { saved: typeof answer?.saved === 'number' ? answer.saved : 0, rejected: Array.isArray(answer?.rejected) ? answer.rejected : [] } };
}

/** Up to `limit` ids of records past their 24 hours (the expiry sweep). One request, on the `expireAt` index. */
export async function expiredRequests(db: Database, now: Date, limit: number): Promise<string[]> {
  const res = await readOr({ data: [] }, () => db.collection(SAVE_REQUESTS).where({ expireAt: db.command.lte(now) }).field({ _id: true }).limit(limit).get());
  return res.data.map((d) => d._id);
}

/** Removes those of `ids` still past their 24 hours (a retry may have renewed one); answers how many. One request. */
export async function removeExpiredRequests(db: Database, ids: readonly string[], now: Date): Promise<number> {
  const _ = db.command;
  return (await db.collection(SAVE_REQUESTS).where({ _id: _.in([...ids]), expireAt: _.lte(now) }).remove()).stats.removed;
}

/** Remembers the answer (replacing one older than 24 hours). One request. */
export async function rememberAnswer(db: Database, openid: string, requestId: string, answer: SaveAnswer, now: Date): Promise<void> {
  const doc: Omit<SaveRequestDoc, '_id'> = { openid, requestId, answer, at: now, expireAt: new Date(now.getTime() + REQUEST_MEMORY_MS) };
  await withCollection(db, () => db.collection(SAVE_REQUESTS).doc(saveRequestDocId(openid, requestId)).set({ data: { ...doc } }), SAVE_REQUESTS);
}
