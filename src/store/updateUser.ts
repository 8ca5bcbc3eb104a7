import type { Condition, Database } from '../wechat/types';
import { USERS } from './collections';

/**
 * Updates the user's document if it still matches `condition` (optimistic concurrency: the
 * condition re-checks the fields the caller read). True when exactly that document changed.
 */
export async function updateUser(db: Database, openid: string, data: Record<string, unknown>, condition: Condition = {}): Promise<boolean> {
  const res = await db.collection(USERS).where({ ...condition, _id: openid }).update({ data });
  return res.stats.updated === 1;
}
