// The check behind the right to deletion, generic on purpose: it lists whatever collections the
// emulator's database holds — not a list of ours — so a collection added later without a rule in
// src/store/collections.ts (COLLECTIONS) fails the tests that use it.
import { COLLECTIONS } from '../../src/store/collections';

/** What these checks read of the emulator's database (its direct access, `backend.db`). */
export interface CollectionReader {
  collections(): string[];
  find(name: string, query?: Record<string, unknown>): Array<Record<string, unknown>>;
}

/** `collection/_id` of every document, in every collection, that mentions `openid` anywhere (its _id, any field, nested). */
export function documentsMentioning(db: CollectionReader, openid: string): string[] {
  return db.collections().flatMap((name) => db.find(name, {}).filter((doc) => JSON.stringify(doc).includes(openid)).map((doc) => `${name}/${String(doc._id)}`));
}

/** Collections in the database that COLLECTIONS does not know: deleteMyData would leave them alone. */
export function collectionsWithoutRule(db: CollectionReader): string[] {
  return db.collections().filter((name) => !Object.hasOwn(COLLECTIONS, name));
}
