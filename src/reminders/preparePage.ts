// One page of candidate users → the ones this run will remind (docs/reminders.md "A page"):
// every rule of DESIGN §2 checked on the documents read, the live credits of the rest fetched in
// one query, the due ones the holdout draws held out and the others claimed, each group in one
// conditional update. Users left alone are counted, and those that cannot be due today get their
// nextRemindDate moved on (in the next flush).
import type { Tally } from '../contract';
import { claimStatus, type RemindClaim } from '../domain/claims';
import { isDueOn } from '../domain/due';
import { isHeldOut } from '../domain/holdout';
import { configuredChannels, usableCredits } from '../domain/credits';
import { streakOn } from '../domain/streak';
import { claimUsers, holdOutUsers, markInterrupted } from '../store/users/reminders';
import { closeInterruptedSends, liveCreditsOf, spentBy, type SendableCredit } from '../store/credits/reminders';
import type { UserDoc } from '../store/users';
import { SEND_MARGIN_MS, type RunContext, type SendContext } from './context';
import type { Recorder } from './recorder';
import { countFailure, countSkip } from './tally';

export interface ClaimedUser {
  user: UserDoc;
  /** The user's credits a send may use under the configuration, in spend order. */
  credits: SendableCredit[];
  /** The user holds live credits besides these (for templates not configured): never rested then (I7). */
  holdsOthers: boolean;
  streak: number;
}

/**
 * Credits a send may use: live past the send margin, on a configured channel, and for a subscribe
 * credit a grant for a configured template (a grant for another template cannot be sent). Whether
 * the channel is open and the template fits is the run's state, not the credit's (Channels.canSend).
 */
export function sendableCredits(ctx: SendContext, credits: readonly SendableCredit[], now: Date): SendableCredit[] {
  const usable = usableCredits(credits, new Date(now.getTime() + SEND_MARGIN_MS), configuredChannels(ctx.config));
  return usable.filter((c) => ctx.channels.templateFor(c) !== undefined);
}

export async function preparePage(ctx: RunContext, users: readonly UserDoc[], tally: Tally, recorder: Recorder): Promise<ClaimedUser[]> {
  const now = ctx.clock();
  const candidates: UserDoc[] = [];
  const stale: UserDoc[] = [];
  for (const user of users) {
    const decision = isDueOn(
      {
        enabled: user.enabled,
        chosenHour: user.hour,
        lastCheckInDate: user.lastCheckInDate || null,
        lastRemindedDate: user.lastRemindedDate || null,
        recentCheckIns: user.recentCheckIns,
        hasUsableCredit: true, // rule 5 is checked below, once the credits are read
      },
      ctx,
      ctx.config,
    );
    if (!decision.due) {
      countSkip(tally, decision.reason);
      if (decision.reason === 'disabled') recorder.notDueToday(user._id, 'disabled');
      if (decision.reason === 'checked-in' || decision.reason === 'reminded') recorder.notDueToday(user._id, 'done-today');
      continue;
    }
    if (user.remind?.date === ctx.today && user.remind.state === 'held-out') {
      // Held out earlier today and read again (a credit saved since lowered nextRemindDate).
      countSkip(tally, 'held-out');
      recorder.notDueToday(user._id, 'done-today');
      continue;
    }
    const status = claimStatus(user.remind, ctx.today, now);
    if (status === 'live' && user.remind?.owner !== ctx.owner) countSkip(tally, 'claimed-elsewhere');
    else if (status === 'stale') stale.push(user);
    else candidates.push(user);
  }
  // Claims left by ended invocations: one that had a credit of the user in flight may have sent.
  candidates.push(...(await settleStale(ctx, stale, tally, recorder)));
  if (candidates.length === 0) return [];

  const credits = await liveCreditsOf(ctx.db, candidates.map((u) => u._id), now);
  const ready: ClaimedUser[] = [];
  for (const user of candidates) {
    const held = credits.get(user._id) ?? [];
    const usable = sendableCredits(ctx, held, now);
    if (held.length === 0) {
      // No credit at all: the only reason to rest a user (until a new one lowers nextRemindDate).
      countSkip(tally, 'no-credit');
      recorder.creditlessUser(user._id, user.creditsRev, false);
    } else if (usable.length === 0) {
      // Credits this configuration does not send (or about to expire): kept, reported, not rested.
      const unconfigured = held.filter((c) => ctx.channels.templateFor(c) === undefined);
      for (const c of unconfigured) ctx.channels.noteUnconfigured(c);
      countSkip(tally, unconfigured.length > 0 ? 'unconfigured' : 'no-credit');
    } else if (!usable.some((c) => ctx.channels.canSend(c))) {
      countSkip(tally, 'channel-stopped');
      // Closed for the day (quota, a retired API): not worth reading again before tomorrow.
      if (usable.every((c) => ctx.channels.closedForDay(c.kind))) recorder.closedToday(user._id, user.creditsRev);
    } else {
      const streak = streakOn({ lastCheckInDate: user.lastCheckInDate || null, streak: user.streak }, ctx.today);
      ready.push({ user, credits: usable, holdsOthers: held.length > usable.length, streak });
    }
  }

  // The holdout draws among users nobody took on today yet: one taken on (a claim, also a released
  // one) stays in the reminded group. Held out: marked in one update, credits untouched.
  const drawn = (r: ClaimedUser) => r.user.remind?.date !== ctx.today && isHeldOut(r.user._id, ctx.today, ctx.config.holdoutPercent);
  const heldOut = ready.filter(drawn);
  const toRemind = ready.filter((r) => !drawn(r));
  const claim: RemindClaim = { date: ctx.today, runId: ctx.runId, owner: ctx.owner, state: 'claimed', at: now, expiresAt: ctx.claimExpiresAt };
  // Already ours: this page was read before, and its claim went through although a later step failed.
  const mine = (r: ClaimedUser) => r.user.remind?.owner === ctx.owner && r.user.remind.state === 'claimed';
  // Free or stale (settled above): one conditional update, which also takes over ended claims.
  const asked = toRemind.filter((r) => !mine(r));
  const held = await claimUsers(ctx.db, asked.map((r) => r.user._id), claim);
  countSkip(tally, 'claimed-elsewhere', asked.length - held.size);
  // Last, so that a failure before it reads the page again with these users still in it.
  const marked = await holdOutUsers(ctx.db, heldOut.map((r) => r.user._id), { ...claim, state: 'held-out', expiresAt: now });
  tally.heldOut += marked;
  recorder.countHeldOut(marked);
  countSkip(tally, 'claimed-elsewhere', heldOut.length - marked);
  return [...toRemind.filter(mine), ...asked.filter((r) => held.has(r.user._id))];
}

/**
 * Users whose claim on today an ended invocation left. Those it had a credit of in flight or spent
 * may have been reminded: they count as reminded (at most once, I1) and their credits in flight as
 * used. The rest are answered, to be claimed with the page. A few requests for the whole page.
 */
async function settleStale(ctx: RunContext, stale: readonly UserDoc[], tally: Tally, recorder: Recorder): Promise<UserDoc[]> {
  const holds = stale.map((u) => ({ openid: u._id, owner: u.remind!.owner }));
  const spent = await spentBy(ctx.db, holds);
  if (spent.size === 0) return [...stale];
  const interrupted = holds.filter((h) => spent.has(h.openid));
  const now = ctx.clock();
  await closeInterruptedSends(ctx.db, interrupted, now);
  const marked = await markInterrupted(ctx.db, [...spent], [...new Set(interrupted.map((h) => h.owner))], ctx.today, now);
  tally.due += marked;
  countFailure(tally, 'interrupted', marked);
  recorder.countReminded(marked);
  countSkip(tally, 'claimed-elsewhere', spent.size - marked);
  return stale.filter((u) => !spent.has(u._id));
}
