// saveFormId's entries in the user's `creditSaves` list (src/domain/creditRoom.ts): appended when a
// call begins to store credits, removed by that call's last write to the user, together with the
// entries of calls that died on the way.
import { isRunning, type SaveEntry } from '../../domain/creditRoom';
import { withCollection } from '../../wechat/database';
import { isDuplicateKey } from '../../wechat/errors';
import type { Database } from '../../wechat/types';
import { insertOwnId, USERS } from '../collections';
import { newUser, updateUser, type UserDoc } from './index';

/**
 * Appends the call's entry (an atomic `push`, so the list keeps the order in which calls began).
 * A first save creates the user's document with the entry in it. Two requests the first time.
 */
export async function announceSave(db: Database, openid: string, entry: SaveEntry, now: Date): Promise<void> {
  const push = () => updateUser(db, openid, { creditSaves: db.command.push([{ ...entry }]), updatedAt: now });
  if (await withCollection(db, push, USERS)) return;
  try {
    await insertOwnId(db, USERS, { ...newUser(openid, now), creditSaves: [{ ...entry }] });
  } catch (error) {
    // A racing first call created the user meanwhile: append to its document.
    if (!isDuplicateKey(error) || !(await push())) throw error;
  }
}

/** Update data that removes the call's entry and those of calls that died (older than the lease). */
export function endSaves(db: Database, user: UserDoc, entry: SaveEntry, now: Date): Record<string, unknown> {
  const ids = [entry.id, ...user.creditSaves.filter((e) => e.id !== entry.id && !isRunning(e, now)).map((e) => e.id)];
  return { creditSaves: db.command.pull({ id: db.command.in(ids) }) };
}

/** Removes only the call's entry: when it stops without storing (a failure, a twin running). One request. */
export async function abandonSave(db: Database, openid: string, entry: SaveEntry): Promise<void> {
  await updateUser(db, openid, { creditSaves: db.command.pull({ id: db.command.in([entry.id]) }) });
}
