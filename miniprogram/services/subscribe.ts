// The subscribe path: ask WeChat for one reminder grant, remember a decline for the day, report
// the answer to saveFormId through the credit queue (so a failed report is retried), confirm a
// grant with a toast, and open WeChat's settings when subscription messages are off.
import type { CreditCounts } from '../../src/contract';
import { shanghaiDate } from '../logic/dates';
import { feedbackOf, isSubscribeAnswer, offerReason, outcomeOf, parseMemory, remember, type Feedback, type OfferReason, type Outcome } from '../logic/subscribePolicy';
import { appConfig } from '../config';
import { credits } from './credits';
import { KEYS, lastKnownCredits, read, write } from './storage';

export interface SubscribeResult {
  outcome: Outcome;
  /** What the page shows (a grant's toast is already on screen). */
  feedback: Feedback;
  /** Credits after the report, when it reached the server. */
  credits: CreditCounts | null;
  /** False when the report failed and waits in the queue. */
  reported: boolean;
}

const today = () => shanghaiDate(Date.now());

/** Whether a page should show the offer now, and why. */
export function reminderOffer(justCheckedIn: boolean, remindersEnabled: boolean, known: CreditCounts | null = lastKnownCredits()): OfferReason | null {
  return offerReason({
    templateId: appConfig.reminderTemplateId,
    remindersEnabled,
    memory: parseMemory(read(KEYS.subscribeMemory)),
    today: today(),
    justCheckedIn,
    credits: known,
  });
}

/** WeChat's settings page for this app, where subscription messages are switched back on. Call it inside a tap. */
export function openSubscriptionSettings(): void {
  wx.openSetting({ withSubscriptions: true, fail: (error) => console.warn('subscribe: openSetting failed', error.errMsg) });
}

type Asked = { ok: true; value: Record<string, unknown> } | { ok: false; errCode: number | null };

/**
 * Call this synchronously inside a tap handler, before any `await`: WeChat refuses
 * `requestSubscribeMessage` outside a tap ("can only be invoked by user TAP gesture").
 * Never rejects.
 */
export function requestReminder(): Promise<SubscribeResult> {
  const templateId = appConfig.reminderTemplateId;
  const asked = new Promise<Asked>((resolve) => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: [templateId],
        success: (value) => resolve({ ok: true, value }),
        fail: (error: WechatMiniprogram.GeneralCallbackResult & { errCode?: number }) => resolve({ ok: false, errCode: typeof error.errCode === 'number' ? error.errCode : null }),
      });
    } catch (error) {
      // Base libraries before 2.4.4 have no such API.
      console.warn('subscribe: requestSubscribeMessage threw', error);
      resolve({ ok: false, errCode: null });
    }
  });
  return asked.then(async (answer) => {
    const outcome = outcomeOf(templateId, answer);
    write(KEYS.subscribeMemory, remember(parseMemory(read(KEYS.subscribeMemory)), outcome, today()));
    // No answer object for our template: nothing to report.
    if (!isSubscribeAnswer(outcome)) return { outcome, feedback: feedbackOf(outcome, false), credits: null, reported: false };
    // Every answer is reported (the server counts grants); a failed report stays queued.
    credits.addSubscription(templateId, outcome);
    const flushed = await credits.flush('subscribe');
    const reported = flushed.error === null;
    const feedback = feedbackOf(outcome, reported);
    if (feedback.toast) wx.showToast({ title: feedback.toast, icon: 'success' });
    return { outcome, feedback, credits: flushed.credits, reported };
  });
}
