// The expiry sweep's reads and writes of `credits` (src/expiry/): a page of ids by an indexed
// condition, then one conditional update or remove for the whole page (docs/reminders.md
// "expireFormIds"). Every write re-checks the condition, so a credit a sender claimed meanwhile is
// left alone.
import type { Condition, Database } from '../../wechat/types';
import { CREDITS, readOr } from '../collections';

export const SWEEP_PAGE = 1000;
const SETTLED = ['used', 'expired', 'invalid'];

export type Sweep = 'expire' | 'close-abandoned' | 'delete';

function condition(db: Database, sweep: Sweep, cutoff: Date): Condition {
  const _ = db.command;
  if (sweep === 'expire') return { status: 'unused', kind: 'form', expireAt: _.lte(cutoff) };
  if (sweep === 'close-abandoned') return { status: 'sending', updatedAt: _.lt(cutoff) };
  return { status: _.in(SETTLED), updatedAt: _.lt(cutoff) };
}

/** Up to SWEEP_PAGE ids the sweep applies to. One request. */
export async function sweepPage(db: Database, sweep: Sweep, cutoff: Date): Promise<string[]> {
  const res = await readOr({ data: [] }, () => db.collection(CREDITS).where(condition(db, sweep, cutoff)).field({ _id: true }).limit(SWEEP_PAGE).get());
  return res.data.map((d) => d._id);
}

/** Applies the sweep to those of `ids` that still qualify; answers how many it changed. One request. */
export async function applySweep(db: Database, sweep: Sweep, ids: readonly string[], cutoff: Date, now: Date): Promise<number> {
  const where = { ...condition(db, sweep, cutoff), _id: db.command.in([...ids]) };
  const credits = db.collection(CREDITS).where(where);
  if (sweep === 'delete') return (await credits.remove()).stats.removed;
  const data = sweep === 'expire'
    ? { status: 'expired', updatedAt: now }
    // A send claimed longer ago than any run lasts: its run died mid-send; at most once counts it used.
    : { status: 'used', lastError: 'interrupted: the run died while sending', settledAt: now, updatedAt: now };
  return (await credits.update({ data })).stats.updated;
}
