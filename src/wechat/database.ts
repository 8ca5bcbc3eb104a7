import { isCollectionMissing } from './errors';
import type { Database } from './types';

/**
 * Runs `op` on a collection, creating the collection first if this environment has never had it
 * (a fresh cloud environment has none and reading a missing collection is an error).
 */
export async function withCollection<T>(db: Database, op: () => Promise<T>, name: string): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (!isCollectionMissing(error)) throw error;
    try {
      await db.createCollection(name);
    } catch {
      // The SDK reports "already exists" as a generic -1; a real failure shows up on the retried operation.
    }
    return op();
  }
}
