import { withCollection } from '../wechat/database';
import { isDuplicateKey } from '../wechat/errors';
import type { Database } from '../wechat/types';
import { USERS } from './collections';
import { readUser } from './readUser';
import { newUser, type UserDoc } from './users';

/**
 * The user's document, created on first write. `_id` = OPENID, so two first calls racing create
 * it once: the loser's insert fails with a duplicate key and it reads the winner's document.
 */
export async function ensureUser(db: Database, openid: string, now: Date): Promise<UserDoc> {
  const existing = await readUser(db, openid);
  if (existing) return existing;
  const user = newUser(openid, now);
  try {
    await withCollection(db, () => db.collection(USERS).add({ data: { ...user } }), USERS);
    return user;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const winner = await readUser(db, openid);
    if (!winner) throw error;
    return winner;
  }
}
