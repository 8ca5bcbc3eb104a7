// The `credits` document: one per push credit (docs/data-model.md).
import { createHash } from 'node:crypto';
import { formExpireAt, type CreditKind, type CreditStatus } from '../domain/credits';
import type { Database, Doc } from '../wechat/types';
import { CREDITS, readOr } from './collections';

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

export interface CreditCounts {
  form: number;
  subscribe: number;
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
  return { openid, status: 'unused', expireAt: db.command.gt(now) };
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
