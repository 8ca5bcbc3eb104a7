// reminderSettings `test` (DESIGN.md §2): one reminder to the caller now, through the run's own
// send path — the channels and the template check, remindUser's credit claim, send, retries and
// outcome policy — spending the caller's own credit. It is not the day's reminder: the user is
// neither claimed nor marked reminded, so the day's run still reminds them (I1 counts runs only).
import type { FailReason, Tally, TestReminderReason, TestReminderResult } from '../contract';
import { streakOn } from '../domain/streak';
import { localDate } from '../domain/time';
import { liveCreditsOf } from '../store/credits/reminders';
import { readUser, takeTestReminder } from '../store/users';
import { openChannels, type Channels } from './channels';
import { sendContext, type SendDeps } from './context';
import { closedChannels } from './retirement';
import { sendableCredits } from './preparePage';
import { Recorder } from './recorder';
import { remindUser, type Outcomes } from './remindUser';
import { emptyTally } from './tally';

/** A test send gets this long for its retries: the caller is waiting. */
const TEST_BUDGET_MS = 5000;

/** Why nothing could be spent although the user holds credits for configured templates. */
function closedReason(channels: Channels, credits: ReadonlyArray<{ kind: 'form' | 'subscribe'; value: string }>): TestReminderReason {
  if (credits.some((c) => channels.isUnfit(c))) return 'template-unfit';
  const states = credits.map((c) => channels.report()[c.kind].state);
  // Data breaking WeChat's rules, or a template list that could not be read: the check failed.
  if (states.some((s) => s === 'misconfigured' || s === 'broken')) return 'template-unfit';
  return 'unavailable';
}

/** Why the one user remindUser took on got no accepted message. */
function failureReason(tally: Tally, channels: Channels): TestReminderReason {
  const failure = Object.keys(tally.failedBy)[0] as FailReason | undefined;
  switch (failure) {
    case 'credits-dead':
      return 'refused';
    case 'credit-gone':
      return 'no-credit';
    case 'ambiguous':
    case 'interrupted':
      return 'unconfirmed';
    case 'channel-stopped': {
      const { form, subscribe } = channels.report();
      return form.state === 'broken' || subscribe.state === 'broken' ? 'misconfigured' : 'unavailable';
    }
    default:
      return 'unavailable';
  }
}

const notSent = (reason: TestReminderReason): TestReminderResult => ({ ok: true, sent: false, reason });

export async function sendTestReminder(deps: SendDeps, openid: string, now: Date, runId: string): Promise<TestReminderResult> {
  const { db, config } = deps;
  const today = localDate(now, config.timezone);
  if (config.subscribeTemplates.length === 0 && config.formTemplate === null) return notSent('disabled');
  const user = await readUser(db, openid);
  if (!user) return notSent('no-credit');
  // Its problems are logged once, with the answer, rather than as they arise.
  // Closed channels as the runs left them; only the timer's runs probe a retired one.
  const channels = await openChannels(deps, await closedChannels(deps, today, false), today, () => undefined);
  const notSentBecause = (reason: TestReminderReason): TestReminderResult => {
    for (const problem of channels.problems()) console.error(`[reminderSettings] test reminder for ${openid} not sent (${reason}): ${problem}`);
    return notSent(reason);
  };
  // Its own id as the owner too: a test send is its own claim, whatever the invocation.
  const ctx = sendContext(deps, { runId, owner: runId, at: now, budgetMs: TEST_BUDGET_MS, channels });
  const credits = sendableCredits(ctx, (await liveCreditsOf(db, [openid], now)).get(openid) ?? [], now);
  if (credits.length === 0) return notSent('no-credit');
  if (!credits.some((c) => channels.canSend(c))) return notSentBecause(closedReason(channels, credits));
  if (!(await takeTestReminder(db, openid, today, now))) return notSent('cap-reached');

  const tally = emptyTally();
  const recorder = new Recorder({ db, holder: { runId, owner: runId }, today, clock: deps.clock, elapsedMs: deps.elapsedMs, sleep: deps.sleep, problem: (m) => channels.note(m, m) });
  // Only what became of the credits is written: the user's day is the run's business.
  const outcomes: Outcomes = { credit: (...a) => recorder.credit(...a), remindedUser: () => undefined, creditlessUser: () => undefined, releasedUser: () => undefined };
  await remindUser(ctx, { user, credits, holdsOthers: true, streak: streakOn({ lastCheckInDate: user.lastCheckInDate || null, streak: user.streak }, today) }, tally, outcomes);
  await recorder.flush();
  return tally.sent === 1 ? { ok: true, sent: true } : notSentBecause(failureReason(tally, channels));
}
