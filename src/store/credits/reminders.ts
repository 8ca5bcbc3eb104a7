// sendReminders' reads and writes of `credits` (docs/reminders.md "Requests"): the live credits
// of a page of users in one query, one conditional claim per credit just before its send, and
// outcomes settled in groups.
import type { Credit, CreditKind, CreditStatus } from '../../domain/credits';
import type { Database, Doc } from '../../wechat/types';
import { CREDITS, readOr } from '../collections';

const PAGE = 1000;

/** What the sender needs of a credit. */
export interface SendableCredit extends Credit {
  openid: string;
  /** The form id, or the subscribe template id the grant was for. */
  value: string;
}

function toSendable(d: Doc): SendableCredit {
  const kind: CreditKind = d.kind === 'form' ? 'form' : 'subscribe';
  return {
    id: d._id,
    openid: String(d.openid),
    kind,
    value: String(d.value ?? ''),
    status: String(d.status) as CreditStatus,
    // Subscribe credits are stored with a far-future expireAt; the domain calls that "no expiry".
    expireAt: kind === 'form' ? (d.expireAt instanceof Date ? d.expireAt : null) : null,
  };
}

/**
 * The live credits (unused, expireAt > now) of each of `openids`, in one query per 1000 credits.
 * Pages are ordered by owner; a full page may end in the middle of one owner's credits, so that
 * owner is read again with the next page.
 */
export async function liveCreditsOf(db: Database, openids: readonly string[], now: Date): Promise<Map<string, SendableCredit[]>> {
  const _ = db.command;
  const byOwner = new Map<string, SendableCredit[]>(openids.map((id) => [id, []]));
  let pending = [...openids].sort();
  while (pending.length > 0) {
    const res = await readOr({ data: [] }, () =>
      db.collection(CREDITS)
        .where({ openid: _.in(pending), status: 'unused', expireAt: _.gt(now) })
        .orderBy('openid', 'asc')
        .orderBy('expireAt', 'asc')
        .orderBy('_id', 'asc')
        .field({ openid: true, kind: true, value: true, status: true, expireAt: true })
        .limit(PAGE)
        .get(),
    );
    const page = res.data.map(toSendable);
    const last = page.length === PAGE ? page[page.length - 1]!.openid : null;
    // One owner with a full page of credits cannot happen (at most 100 live each); guard anyway.
    const complete = last !== null && page[0]!.openid === last ? page : page.filter((c) => c.openid !== last);
    for (const c of complete) byOwner.get(c.openid)?.push(c);
    if (last === null || complete === page) break;
    pending = pending.filter((id) => id >= last);
  }
  return byOwner;
}

/**
 * Claims one credit for a send (data-model "Claims" step 2): unused → sending, only while it is
 * still unused and alive past `aliveAfter`, and not voided for this run (voidClaim). False when it
 * is not (any more). If the update fails, what is stored decides: claimed by this run is true;
 * still unused rethrows the failure, so the caller does not take a credit it could not claim for
 * one that is gone — and voids the claim, which may still be on its way.
 */
export async function claimCredit(db: Database, id: string, runId: string, now: Date, aliveAfter: Date): Promise<boolean> {
  const _ = db.command;
  try {
    const res = await db.collection(CREDITS)
      .where({ _id: id, status: 'unused', expireAt: _.gt(aliveAfter), voidRun: _.neq(runId) })
      .update({ data: { status: 'sending', runId, sendingAt: now, attempts: _.inc(1), updatedAt: now } });
    return res.stats.updated === 1;
  } catch (error) {
    const res = await db.collection(CREDITS).where({ _id: id }).field({ status: true, runId: true }).limit(1).get();
    const doc = res.data[0];
    if (doc?.status === 'sending' && doc.runId === runId) return true;
    if (doc?.status === 'unused') throw error;
    return false;
  }
}

/**
 * Run `runId` gave up a claim on credit `id` that failed without an answer and sent nothing with
 * it. The claim's request may still arrive (the SDK does not cancel what it timed out); marked
 * `voidRun`, the credit no longer matches it. A claim that arrived before this mark is given back
 * by the run's grouped write (settleCredits to unused), which comes after.
 */
export async function voidClaim(db: Database, id: string, runId: string, now: Date): Promise<void> {
  await db.collection(CREDITS).where({ _id: id }).update({ data: { voidRun: runId, updatedAt: now } });
}

/** After the send: what became of this run's credits in `ids` (used, invalid, or back to unused). */
export async function settleCredits(
  db: Database,
  ids: readonly string[],
  runId: string,
  status: Extract<CreditStatus, 'used' | 'invalid' | 'unused'>,
  lastError: string | null,
  now: Date,
): Promise<number> {
  const _ = db.command;
  const res = await db.collection(CREDITS)
    .where({ _id: _.in([...ids]), status: 'sending', runId })
    .update({ data: { status, lastError, ...(status === 'unused' ? {} : { settledAt: now }), updatedAt: now } });
  return res.stats.updated;
}

/**
 * Whether run `runId` had a credit of this user in flight or spent (a stale claim's check before
 * a takeover): if so the user may have been reminded, and at most once wins.
 */
export async function runSpentCredit(db: Database, openid: string, runId: string): Promise<boolean> {
  const res = await db.collection(CREDITS).where({ openid, runId, status: db.command.in(['sending', 'used']) }).field({ _id: true }).limit(1).get();
  return res.data.length > 0;
}

/** A dead run's credits of this user still `sending`: used, as at-most-once counts them. */
export async function closeInterruptedSends(db: Database, openid: string, runId: string, now: Date): Promise<number> {
  const res = await db.collection(CREDITS)
    .where({ openid, runId, status: 'sending' })
    .update({ data: { status: 'used', lastError: 'interrupted: the run died while sending', settledAt: now, updatedAt: now } });
  return res.stats.updated;
}
