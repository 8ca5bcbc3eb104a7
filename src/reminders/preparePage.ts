// One page of candidate users → the ones this run will remind (docs/reminders.md "A page"):
// every rule of DESIGN §2 checked on the documents read, the live credits of the rest fetched in
// one query, and the due ones claimed in one conditional update. Users left alone are counted,
// and those that cannot be due today get their nextRemindDate moved on (in the next flush).
import type { Tally } from '../contract';
import { claimStatus, type RemindClaim } from '../domain/claims';
import { isDueOn } from '../domain/due';
import { configuredChannels, usableCredits } from '../domain/credits';
import { streakOn } from '../domain/streak';
import { claimUsers, markReminded, takeOverClaim } from '../store/users/reminders';
import { closeInterruptedSends, liveCreditsOf, runSpentCredit, type SendableCredit } from '../store/credits/reminders';
import type { UserDoc } from '../store/users';
import { SEND_MARGIN_MS, type RunContext, type SendContext } from './context';
import type { Recorder } from './recorder';
import { countFailure, countSkip } from './tally';

export interface ClaimedUser {
  user: UserDoc;
  /** The user's credits a send may use under the configuration, in spend order. */
  credits: SendableCredit[];
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
    const status = claimStatus(user.remind, ctx.today, now);
    if (status === 'live' && user.remind?.runId !== ctx.runId) countSkip(tally, 'claimed-elsewhere');
    // A dead run may have sent with the credit it left behind: settle that before anything else.
    else if (status === 'stale' && (await settledAsInterrupted(ctx, user, tally, recorder))) continue;
    else candidates.push(user);
  }
  if (candidates.length === 0) return [];

  const credits = await liveCreditsOf(ctx.db, candidates.map((u) => u._id), now);
  const ready: ClaimedUser[] = [];
  for (const user of candidates) {
    const usable = sendableCredits(ctx, credits.get(user._id) ?? [], now);
    if (usable.length === 0) {
      countSkip(tally, 'no-credit');
      recorder.creditlessUser(user._id, user.creditsRev, false);
    } else if (!usable.some((c) => ctx.channels.canSend(c))) {
      countSkip(tally, 'channel-stopped');
    } else {
      ready.push({ user, credits: usable, streak: streakOn({ lastCheckInDate: user.lastCheckInDate || null, streak: user.streak }, ctx.today) });
    }
  }

  const claim: RemindClaim = { date: ctx.today, runId: ctx.runId, state: 'claimed', at: now };
  // Already ours: this page was read before, and its claim went through although a later step failed.
  const mine = (r: ClaimedUser) => r.user.remind?.runId === ctx.runId && r.user.remind.state === 'claimed';
  const fresh = ready.filter((r) => !mine(r) && claimStatus(r.user.remind, ctx.today, now) === 'free');
  const held = await claimUsers(ctx.db, fresh.map((r) => r.user._id), claim);
  const won = fresh.filter((r) => held.has(r.user._id));
  countSkip(tally, 'claimed-elsewhere', fresh.length - won.length);
  const claimed = [...ready.filter(mine), ...won];
  // The rest hold a stale claim (no credit of its run was spent): take it over if it is still that claim.
  for (const r of ready.filter((r) => !mine(r) && !fresh.includes(r))) {
    if (await takeOverClaim(ctx.db, r.user._id, r.user.remind!, claim)) claimed.push(r);
    else countSkip(tally, 'claimed-elsewhere');
  }
  return claimed;
}

/**
 * A claim on today left by a run that must be dead (older than the lease). If that run had a
 * credit of this user in flight or spent, the message may have gone out: the user counts as
 * reminded (at most once, I1) and true is answered. Otherwise the claim may be taken over.
 */
async function settledAsInterrupted(ctx: RunContext, user: UserDoc, tally: Tally, recorder: Recorder): Promise<boolean> {
  const stale = user.remind!;
  if (!(await runSpentCredit(ctx.db, user._id, stale.runId))) return false;
  const now = ctx.clock();
  await closeInterruptedSends(ctx.db, user._id, stale.runId, now);
  if ((await markReminded(ctx.db, [user._id], stale.runId, ctx.today, 'interrupted', now)) === 1) {
    tally.due += 1;
    countFailure(tally, 'interrupted');
    recorder.countReminded(1);
  } else countSkip(tally, 'claimed-elsewhere');
  return true;
}
