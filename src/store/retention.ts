// The expiry sweep's reads and writes of dated records (src/expiry/): check-ins and run logs
// carry the Shanghai `date` they are about, and records dated before the first date kept are
// deleted a page at a time. A `date` index on each collection answers the page query.
import type { LocalDate } from '../domain/time';
import type { Database } from '../wechat/types';
import { CHECKINS, readOr, REMINDER_RUNS } from './collections';

/** The collections whose records expire by their `date`. */
export type Dated = typeof CHECKINS | typeof REMINDER_RUNS;

/** Up to `limit` ids of `name`'s records dated before `keepFrom`. One request. */
export async function datedBefore(db: Database, name: Dated, keepFrom: LocalDate, limit: number): Promise<string[]> {
  const res = await readOr({ data: [] }, () => db.collection(name).where({ date: db.command.lt(keepFrom) }).field({ _id: true }).limit(limit).get());
  return res.data.map((d) => d._id);
}

/** Removes those of `ids` still dated before `keepFrom`; answers how many. One request. */
export async function removeDatedBefore(db: Database, name: Dated, ids: readonly string[], keepFrom: LocalDate): Promise<number> {
  const _ = db.command;
  return (await db.collection(name).where({ _id: _.in([...ids]), date: _.lt(keepFrom) }).remove()).stats.removed;
}
