// Stores a user's new push credits: no id twice, and never more than MAX_LIVE_CREDITS live.
//
// The cap holds under concurrent saves without a lock: every save first inserts, then counts the
// user's live credits, and if the count is over the cap removes its own surplus. Of any set of
// racing saves, the one that counts last sees every insert, so the final count never exceeds the
// cap (a race may reject a little more than strictly necessary, never less).
import type { Rejection } from '../domain/events/saveFormIdEvent';
import { withCollection } from '../wechat/database';
import { isDuplicateKey } from '../wechat/errors';
import type { Database, Doc } from '../wechat/types';
import { CREDITS, readOr } from './collections';
import {
  countByKind, isLive, liveCondition, liveCredits, MAX_LIVE_CREDITS, newFormCredit, newSubscribeCredit,
  type CreditCounts, type CreditDoc,
} from './credits';

export interface CreditRequest {
  /** Valid form ids, each at most once. */
  formIds: readonly string[];
  /** Accepted grants for the configured subscribe template. */
  subscribe: { templateId: string; grants: number } | null;
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
  const grants = request.subscribe?.grants ?? 0;
  const subs = Array.from({ length: grants }, (_, n) => newSubscribeCredit(openid, request.subscribe!.templateId, now, saveId, n));

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
