// sendReminders' reads and writes of `credits` (docs/reminders.md "Requests"): the live credits
// of a page of users in one query, one conditional claim per credit just before its send, and
// outcomes settled in groups.
import type { Credit, CreditKind, CreditStatus } from '../../domain/credits';
import type { Database, Doc } from '../../wechat/types';
import { CREDITS, readOr, serverWritten } from '../collections';

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
        .where({ openid: _.in(pending), status: 'unused', expireAt: _.gt(now), ...serverWritten(db) })
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

/** Who claims credits: the run (kept on the credit for the record) and the invocation, which alone settles them. */
export interface CreditHolder {
  runId: string;
  owner: string;
}

/**
 * Claims one credit for a send (data-model "Claims" step 2): unused → sending, only while it is
 * still unused and alive past `aliveAfter`, and not voided for this invocation (voidClaim). False
 * when it is not (any more). If the update fails, what is stored decides: claimed by this
 * invocation is true; still unused rethrows the failure, so the caller does not take a credit it
 * could not claim for one that is gone — and voids the claim, which may still be on its way.
 */
export async function claimCredit(db: Database, id: string, holder: CreditHolder, now: Date, aliveAfter: Date): Promise<boolean> {
  const _ = db.command;
  try {
    const res = await db.collection(CREDITS)
      .where({ _id: id, status: 'unused', expireAt: _.gt(aliveAfter), voidOwner: _.neq(holder.owner) })
      .update({ data: { status: 'sending', runId: holder.runId, owner: holder.owner, sendingAt: now, attempts: _.inc(1), updatedAt: now } });
    return res.stats.updated === 1;
  } catch (error) {
    const res = await db.collection(CREDITS).where({ _id: id }).field({ status: true, owner: true }).limit(1).get();
    const doc = res.data[0];
    if (doc?.status === 'sending' && doc.owner === holder.owner) return true;
    if (doc?.status === 'unused') throw error;
    return false;
  }
}

/**
 * Invocation `owner` gave up a claim on credit `id` that failed without an answer and sent nothing
 * with it. The claim's request may still arrive (the SDK does not cancel what it timed out); marked
 * `voidOwner`, the credit no longer matches it. A claim that arrived before this mark is given back
 * by the invocation's grouped write (settleCredits to unused), which comes after.
 */
export async function voidClaim(db: Database, id: string, owner: string, now: Date): Promise<void> {
  await db.collection(CREDITS).where({ _id: id }).update({ data: { voidOwner: owner, updatedAt: now } });
}

/** After the send: what became of this invocation's credits in `ids` (used, invalid, or back to unused). */
export async function settleCredits(
  db: Database,
  ids: readonly string[],
  owner: string,
  status: Extract<CreditStatus, 'used' | 'invalid' | 'unused'>,
  lastError: string | null,
  now: Date,
): Promise<number> {
  const _ = db.command;
  const res = await db.collection(CREDITS)
    .where({ _id: _.in([...ids]), status: 'sending', owner })
    .update({ data: { status, lastError, ...(status === 'unused' ? {} : { settledAt: now }), updatedAt: now } });
  return res.stats.updated;
}

/** A user's stale claim: whose it is. */
export interface StaleHold {
  openid: string;
  owner: string;
}

/**
 * Of users whose claim an ended invocation left, those it had a credit of in flight or spent: they
 * may have been reminded, and at most once wins. One request for a page of users: each holder
 * claims at most MAX_CREDIT_TRIES credits of a user, so 200 users fit one answer of 1000.
 */
export async function spentBy(db: Database, holds: readonly StaleHold[]): Promise<Set<string>> {
  if (holds.length === 0) return new Set();
  const _ = db.command;
  const res = await db.collection(CREDITS)
    .where({ openid: _.in(holds.map((h) => h.openid)), owner: _.in([...new Set(holds.map((h) => h.owner))]), status: _.in(['sending', 'used']), ...serverWritten(db) })
    .field({ openid: true, owner: true })
    .limit(1000)
    .get();
  const spent = new Set(res.data.map((d) => `${String(d.openid)}\n${String(d.owner)}`));
  return new Set(holds.filter((h) => spent.has(`${h.openid}\n${h.owner}`)).map((h) => h.openid));
}

/** The credits still `sending` that ended invocations left with these users: used, as at-most-once counts them. */
export async function closeInterruptedSends(db: Database, holds: readonly StaleHold[], now: Date): Promise<number> {
  if (holds.length === 0) return 0;
  const _ = db.command;
  const res = await db.collection(CREDITS)
    .where({ openid: _.in(holds.map((h) => h.openid)), owner: _.in([...new Set(holds.map((h) => h.owner))]), status: 'sending', ...serverWritten(db) })
    .update({ data: { status: 'used', lastError: 'interrupted: the run died while sending', settledAt: now, updatedAt: now } });
  return res.stats.updated;
}
