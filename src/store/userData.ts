// A user's documents in every collection, found by the rule COLLECTIONS gives each
// (./collections.ts), and their removal: deleteMyData. The one module that writes more than one
// collection, because the right to deletion is about all of them.
import type { Condition, Database } from '../wechat/types';
import { COLLECTIONS, readOr, USER_COLLECTIONS, type CollectionName } from './collections';

/** Ids read per page: the query limit. */
export const DELETE_PAGE = 1000;

/** The condition that finds `openid`'s documents in `name`. */
function ownedBy(db: Database, name: CollectionName, openid: string): Condition {
  const rule = COLLECTIONS[name];
  if (rule.by === 'id') return { _id: openid };
  if (rule.by === 'nobody') throw new Error(`${name} holds no user's documents`);
  const _ = db.command;
  // `;` sorts right after `:`: the range is every _id that starts with `<OPENID>:`.
  return 'idPrefix' in rule ? { [rule.field]: openid, _id: _.and(_.gte(`${openid}:`), _.lt(`${openid};`)) } : { [rule.field]: openid };
}

/** Removes one page of `openid`'s documents in `name`; answers how many it removed and whether that was all. Two requests. */
async function removePage(db: Database, name: CollectionName, openid: string): Promise<{ removed: number; last: boolean }> {
  const owned = ownedBy(db, name, openid);
  const page = await readOr({ data: [] }, () => db.collection(name).where(owned).field({ _id: true }).limit(DELETE_PAGE).get());
  if (page.data.length === 0) return { removed: 0, last: true };
  // The owner condition again: an id is only ever removed as this user's.
  const ids = page.data.map((d) => d._id);
  const res = await db.collection(name).where({ ...owned, _id: db.command.in(ids) }).remove();
  return { removed: res.stats.removed, last: ids.length < DELETE_PAGE };
}

export interface DeletedDocuments {
  /** Documents removed, per collection that holds users' documents (0 where there were none). */
  deleted: Record<string, number>;
  /** False when `timeLeft` ran out first: a later call removes the rest. */
  complete: boolean;
}

/**
 * Removes every document of `openid`, collection by collection in COLLECTIONS' order, a page at a
 * time while `timeLeft()` says so. Idempotent: what is gone is not counted again.
 */
export async function deleteUserData(db: Database, openid: string, timeLeft: () => boolean): Promise<DeletedDocuments> {
  const deleted: Record<string, number> = Object.fromEntries(USER_COLLECTIONS.map((name) => [name, 0]));
  for (const name of USER_COLLECTIONS) {
    for (let last = false; !last; ) {
      if (!timeLeft()) return { deleted, complete: false };
      const page = await removePage(db, name, openid);
      deleted[name] = (deleted[name] ?? 0) + page.removed;
      last = page.last;
    }
  }
  return { deleted, complete: true };
}
