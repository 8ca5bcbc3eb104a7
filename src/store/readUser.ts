import type { Database } from '../wechat/types';
import { readOr, USERS } from './collections';
import { toUser, type UserDoc } from './users';

/** The user's document, or null when the user has never written anything. One request. */
export async function readUser(db: Database, openid: string): Promise<UserDoc | null> {
  // where() rather than doc().get(): a missing document is an answer here, not an error.
  const res = await readOr({ data: [] }, () => db.collection(USERS).where({ _id: openid }).limit(1).get());
  const doc = res.data[0];
  return doc ? toUser(doc) : null;
}
