// Collection names, and how a read treats a collection that does not exist yet (docs/data-model.md).
import { isCollectionMissing } from '../wechat/errors';

export const USERS = 'users';
export const CREDITS = 'credits';
export const CHECKINS = 'checkins';

/**
 * Runs a read; a collection that does not exist yet reads as `empty`. Reads never create a
 * collection, so a read-only call leaves a fresh environment untouched.
 */
export async function readOr<T>(empty: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isCollectionMissing(error)) return empty;
    throw error;
  }
}
