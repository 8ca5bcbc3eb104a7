// One claimed user: spend their credits in order until one message goes out (DESIGN §3). Each
// credit is claimed on its own just before its send, so a crash burns at most the credits in
// flight; what happened is queued on the recorder and written in groups.
import type { FailReason, Tally } from '../contract';
import type { CreditKind } from '../domain/credits';
import { pickCredit } from '../domain/credits';
import { renderMessage } from '../domain/message/reminderMessage';
import { backoffDelay, classifySend, MAX_CREDIT_TRIES, MAX_TRANSIENT_RETRIES, OUTCOME_POLICY, type OutcomePolicy, type SendOutcome } from '../domain/sendOutcome';
import { claimCredit, voidClaim, type SendableCredit } from '../store/credits/reminders';
import { rememberRetired, stopForDay } from '../store/reminderState';
import type { SendResult } from '../wechat/types';
import { errorText, SEND_MARGIN_MS, type SendContext } from './context';
import type { ClaimedUser } from './preparePage';
import type { Recorder } from './recorder';

/** What remindUser records: a run queues it on its Recorder; a test reminder settles credits only. */
export type Outcomes = Pick<Recorder, 'credit' | 'remindedUser' | 'creditlessUser' | 'releasedUser'>;
import { countFailure } from './tally';

/** A send may overrun the budget by this much (its retries' waits included); the function timeout leaves room. */
const RETRY_GRACE_MS = 3000;

/** One send with the credit's own template and data (canSend checked that it has one). */
async function send(ctx: SendContext, user: ClaimedUser, credit: SendableCredit): Promise<SendResult> {
  const { config } = ctx;
  const template = ctx.channels.templateFor(credit)!;
  const data = renderMessage(template.data, credit.kind, { streak: user.streak, date: ctx.today });
  if (credit.kind === 'subscribe') {
    return ctx.messenger.sendSubscribeMessage({ touser: user.user._id, templateId: template.id, page: config.page, data, miniprogramState: config.miniprogramState, lang: config.lang });
  }
  return ctx.messenger.sendTemplateMessage({ touser: user.user._id, templateId: template.id, formId: credit.value, page: config.page, data });
}

/**
 * Sends with one credit, retrying transient failures with capped backoff while the budget allows.
 * No send starts once the send window has closed (a run still working at 22:00): null when none did.
 */
async function sendWithRetries(ctx: SendContext, user: ClaimedUser, credit: SendableCredit): Promise<{ outcome: SendOutcome; result: SendResult } | null> {
  let last: { outcome: SendOutcome; result: SendResult } | null = null;
  for (let retry = 0; ; retry++) {
    if (ctx.clock().getTime() >= ctx.sendsEndAt) return last;
    const result = await send(ctx, user, credit);
    const outcome = classifySend(credit.kind, result.errcode, result.errmsg);
    last = { outcome, result };
    if (!OUTCOME_POLICY[outcome].retry || retry >= MAX_TRANSIENT_RETRIES) return last;
    const delay = backoffDelay(retry + 1, ctx.random());
    // Not worth waiting past the budget, nor resending on a channel another send just stopped.
    if (ctx.elapsedMs() + delay > ctx.budgetMs + RETRY_GRACE_MS) return last;
    await ctx.sleep(delay);
    if (!ctx.channels.canSend(credit)) return last;
  }
}

/**
 * Stops the channel or reports the answer, as the outcome's policy says. A stop for the day or
 * until a probe is stored, so later runs skip the channel.
 */
async function stopOrReport(ctx: SendContext, kind: CreditKind, policy: OutcomePolicy, result: SendResult): Promise<void> {
  const send = { kind, errcode: result.errcode, errmsg: result.errmsg, date: ctx.today };
  if (!policy.stop) {
    if (policy.report) ctx.channels.note(`code-${result.errcode}`, policy.report(send));
    return;
  }
  if (!ctx.channels.stop(kind, policy.stop.state, policy.report(send)) || policy.stop.scope === 'run') return;
  const reason = `errcode ${result.errcode} ${result.errmsg}`;
  try {
    if (policy.stop.scope === 'day') await stopForDay(ctx.db, ctx.today, kind, reason, ctx.runId, ctx.clock());
    else await rememberRetired(ctx.db, ctx.today, kind, reason, ctx.runId, ctx.clock());
  } catch (error) {
    ctx.channels.note(`stop-${kind}`, `could not store the ${kind} channel's stop (${errorText(error)}); later runs will hit the ${policy.stop.state} again`);
  }
}

/** Reminds one claimed user; queues the outcome on `recorder` and counts it in `tally`. */
export async function remindUser(ctx: SendContext, user: ClaimedUser, tally: Tally, recorder: Outcomes): Promise<void> {
  const id = user.user._id;
  tally.due += 1;
  const tried = new Set<string>();
  const dead = new Set<string>();
  let tries = 0;
  let failure: FailReason = 'credits-dead';
  while (tries < MAX_CREDIT_TRIES) {
    const left = user.credits.filter((c) => !tried.has(c.id));
    const credit = pickCredit(left.filter((c) => ctx.channels.canSend(c)), new Date(ctx.clock().getTime() + SEND_MARGIN_MS), ctx.channels.open());
    if (!credit) {
      if (left.some((c) => !ctx.channels.canSend(c))) failure = 'channel-stopped';
      else if (left.length > 0) failure = 'credit-gone'; // expires within the send margin
      break;
    }
    tried.add(credit.id);
    let claimed: boolean;
    try {
      claimed = await claimCredit(ctx.db, credit.id, ctx, ctx.clock(), new Date(ctx.clock().getTime() + SEND_MARGIN_MS));
    } catch (error) {
      // Nothing was sent with the credit, but the claim may still land (the SDK does not cancel
      // what it timed out): void it for this run, and give back one that landed already.
      await voidClaim(ctx.db, credit.id, ctx.owner, ctx.clock()).catch((e: unknown) =>
        ctx.channels.note('db-void', `a failed credit claim could not be voided (${errorText(e)}); if it lands late its credit stays in sending`),
      );
      recorder.credit(credit.id, 'unused', 'not sent: its claim failed');
      ctx.channels.note('db-claim', `a credit claim failed (${errorText(error)}); its user waits for a later run`);
      failure = 'database';
      break;
    }
    if (!claimed) {
      failure = 'credit-gone'; // expired or removed meanwhile: not one of the user's tries
      continue;
    }
    // Another lane may have stopped the channel while this claim was on its way: do not send.
    if (!ctx.channels.canSend(credit)) {
      recorder.credit(credit.id, 'unused', 'not sent: the channel stopped before the send');
      failure = 'channel-stopped';
      continue;
    }
    const sent = await sendWithRetries(ctx, user, credit);
    if (!sent) {
      recorder.credit(credit.id, 'unused', 'not sent: the send window closed before the send');
      failure = 'window-closed';
      break;
    }
    const { outcome, result } = sent;
    const policy = OUTCOME_POLICY[outcome];
    recorder.credit(credit.id, policy.credit, policy.failure ? `${outcome}: ${result.errcode} ${result.errmsg}` : null);
    if (policy.reminded) {
      recorder.remindedUser(id, policy.reminded);
      if (policy.failure) countFailure(tally, policy.failure);
      else tally.sent += 1;
      return;
    }
    if (policy.credit === 'invalid') dead.add(credit.id);
    await stopOrReport(ctx, credit.kind, policy, result);
    failure = policy.failure;
    if (policy.countsAsTry) tries += 1;
    if (!policy.tryNextCredit) break;
  }
  countFailure(tally, failure);
  // WeChat refused every credit the user had: rest until a new one comes (creditsRev decides).
  // Anything less certain (a credit gone meanwhile, a failed claim, credits of a template this
  // configuration does not send) lets the next run look again.
  if (!user.holdsOthers && user.credits.every((c) => dead.has(c.id))) recorder.creditlessUser(id, user.user.creditsRev, true);
  else recorder.releasedUser(id);
}
