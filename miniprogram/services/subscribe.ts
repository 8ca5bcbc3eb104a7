// The subscribe path: read the user's subscription settings (wx.getSetting), ask WeChat for
// reminder grants — with the dialog, or silently for a user who keeps "accept" — remember a
// decline for the day, report the answers to saveFormId through the credit queue (so a failed
// report is retried), confirm stored grants with a toast, and open WeChat's settings.
import type { CreditCounts } from '../../src/contract';
import { shanghaiDate } from '../logic/dates';
import {
  askPlan,
  feedbackOf,
  offerReason,
  outcomeOf,
  parseMemory,
  parseSubscriptionSettings,
  remember,
  topUpWanted,
  type AskPlan,
  type Asked,
  type Feedback,
  type OfferReason,
  type Report,
  type SubscriptionSettings,
} from '../logic/subscribePolicy';
import { appConfig } from '../config';
import type { PendingSubscription } from '../logic/creditQueue';
import { credits, type UploadReport } from './credits';
import { KEYS, lastKnownCredits, read, write } from './storage';

export interface SubscribeResult {
  asked: Asked;
  /** What the page shows (a stored grant's toast is already on screen). */
  feedback: Feedback;
  /** Credits after the report, when it reached the server. */
  credits: CreditCounts | null;
  /** False when the report failed and waits in the queue. */
  reported: boolean;
}

const today = () => shanghaiDate(Date.now());

// WeChat's settings as last read: in memory only, since every page reads them again when it loads.
let lastRead: SubscriptionSettings | null = null;

/** The subscription settings last read from WeChat; null before the first read, or when WeChat is too old to tell. */
export function subscriptionSettings(): SubscriptionSettings | null {
  return lastRead;
}

const keep = (raw: unknown): SubscriptionSettings | null => {
  lastRead = parseSubscriptionSettings(raw) ?? lastRead;
  return lastRead;
};

/** Reads the settings again (wx.getSetting needs no tap). Never rejects. */
export function refreshSubscriptionSettings(): Promise<SubscriptionSettings | null> {
  return new Promise((resolve) => {
    try {
      wx.getSetting({
        withSubscriptions: true,
        success: (res) => resolve(keep(res.subscriptionsSetting)),
        fail: () => resolve(subscriptionSettings()),
      });
    } catch (error) {
      console.warn('subscribe: getSetting threw', error);
      resolve(subscriptionSettings());
    }
  });
}

/** How asking for the configured templates would go now. */
export function currentPlan(): AskPlan {
  return askPlan(appConfig.reminderTemplateIds, subscriptionSettings());
}

/** Whether a page should show the offer now, and why. */
export function reminderOffer(justCheckedIn: boolean, remindersEnabled: boolean, known: CreditCounts | null = lastKnownCredits()): OfferReason | null {
  return offerReason({ plan: currentPlan(), remindersEnabled, memory: parseMemory(read(KEYS.subscribeMemory)), today: today(), justCheckedIn, credits: known });
}

/** WeChat's settings page for this app, where subscription messages are switched back on. Call it inside a tap. */
export function openSubscriptionSettings(): Promise<SubscriptionSettings | null> {
  return new Promise((resolve) => {
    wx.openSetting({
      withSubscriptions: true,
      success: (res) => resolve(keep((res as { subscriptionsSetting?: unknown }).subscriptionsSetting)),
      fail: (error) => {
        console.warn('subscribe: openSetting failed', error.errMsg);
        resolve(subscriptionSettings());
      },
    });
  });
}

type Raw = { ok: true; value: Record<string, unknown> } | { ok: false; errCode: number | null };

/** Calls wx.requestSubscribeMessage now (inside the tap) for `templateIds`; never rejects. */
function askWeChat(templateIds: string[]): Promise<Raw> {
  return new Promise<Raw>((resolve) => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: templateIds,
        success: (value) => resolve({ ok: true, value }),
        fail: (error: WechatMiniprogram.GeneralCallbackResult & { errCode?: number }) => resolve({ ok: false, errCode: typeof error.errCode === 'number' ? error.errCode : null }),
      });
    } catch (error) {
      // Base libraries before 2.4.4 have no such API.
      console.warn('subscribe: requestSubscribeMessage threw', error);
      resolve({ ok: false, errCode: null });
    }
  });
}

/** What saveFormId made of the grants in `sent`, from a flush's reports; null when they were not sent. */
function reportOf(reports: readonly UploadReport[], sent: PendingSubscription, grants: number): Report | null {
  const match = reports.find((r) => r.subscription?.at === sent.at && JSON.stringify(r.subscription.answers) === JSON.stringify(sent.answers));
  if (!match) return null;
  const rejected = match.answer.rejected.filter((r) => r.value in sent.answers);
  return { saved: Math.max(0, grants - rejected.length), rejected };
}

async function ask(templateIds: string[], silent: boolean): Promise<SubscribeResult> {
  const asked = outcomeOf(templateIds, await askWeChat(templateIds));
  write(KEYS.subscribeMemory, remember(parseMemory(read(KEYS.subscribeMemory)), asked.outcome, today()));
  // The user may just have ticked "总是保持以上选择" (or changed it in WeChat's settings).
  void refreshSubscriptionSettings();
  if (Object.keys(asked.answers).length === 0) return { asked, feedback: feedbackOf(asked, null), credits: null, reported: false };
  // Every answer is reported (the server counts grants); a failed report stays queued.
  const sent = credits.addSubscription(asked.answers);
  const flushed = await credits.flush('subscribe');
  const report = reportOf(flushed.reports, sent, asked.grants);
  const feedback = feedbackOf(asked, report);
  if (feedback.toast && !silent) wx.showToast({ title: feedback.toast, icon: 'success' });
  return { asked, feedback, credits: flushed.credits, reported: report !== null };
}

/**
 * The 订阅一次提醒 button. Call it synchronously inside the tap handler, before any `await` or
 * cloud call: WeChat refuses `requestSubscribeMessage` outside a tap, and a cloud call uses the tap
 * up. Templates kept as declined are not asked for; a user who keeps "accept" sees no dialog.
 */
export function requestReminder(): Promise<SubscribeResult> {
  const plan = currentPlan();
  const templateIds = plan.kind === 'dialog' || plan.kind === 'silent' ? plan.templateIds : appConfig.reminderTemplateIds;
  return ask([...templateIds], false);
}

/**
 * One more grant without a dialog, for a user who keeps "accept", while reminders are on and
 * fewer than TOP_UP_STOCK are known: the first thing a natural tap does (answering the quiz, the
 * settings page's buttons). Null when no top-up is due; otherwise it resolves quietly (no toast).
 */
export function topUpReminder(remindersEnabled: boolean): Promise<SubscribeResult> | null {
  const plan = currentPlan();
  if (plan.kind !== 'silent' || !topUpWanted(plan, remindersEnabled, lastKnownCredits())) return null;
  return ask(plan.templateIds, true);
}
