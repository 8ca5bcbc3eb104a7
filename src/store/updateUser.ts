import type { Condition, Database } from '../wechat/types';
import { USERS } from './collections';

/**
 * Updates the user's document if it still matches `condition` (optimistic concurrency: the
 * condition re-checks the fields the caller read). True when it matched.
 *
 * Every update also increments `rev`, so it always changes the document it matches: a database
 * may count only modified documents, and an update whose values are already stored (switching on
 * reminders that are on) would otherwise report 0 and look like a lost race.
 */
export async function updateUser(db: Database, openid: string, data: Record<string, unknown>, condition: Condition = {}): Promise<boolean> {
  const res = await db.collection(USERS).where({ ...condition, _id: openid }).update({ data: { ...data, rev: db.command.inc(1) } });
  return res.stats.updated === 1;
}
