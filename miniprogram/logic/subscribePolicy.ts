// When to ask for reminder grants, how (a dialog, silently, not at all), and what the answer
// means. Pure: the service reads wx.getSetting and storage and passes them in with today's date.
import type { CreditCounts, Rejection, SubscribeAnswer } from '../../src/contract';
import { copy } from './copy';
import { isGrant, isSubscribeAnswer } from './creditRules';

/** Below this many subscribe credits the app offers to top them up (each grant is one reminder). */
export const LOW_CREDITS = 3;
/** A user who keeps "accept" is topped up silently, one request at a time, up to this many. */
export const TOP_UP_STOCK = 7;

/** What a user ticked "总是保持以上选择" with, per template (wx.getSetting's itemSettings). */
export type KeptChoice = 'accept' | 'reject' | 'ban';

/** wx.getSetting({ withSubscriptions: true })'s subscriptionsSetting, as the app uses it. */
export interface SubscriptionSettings {
  /** false: the user switched every subscription message of this app off. */
  mainSwitch: boolean;
  /** Only templates the user ticked "总是保持以上选择" for. */
  kept: Record<string, KeptChoice>;
}

/**
 * How asking would go now: `dialog` shows WeChat's dialog for `templateIds` (templates kept as
 * declined left out); `silent` when every one left is kept as accepted (WeChat answers at once,
 * no dialog); `switched-off` (only wx.openSetting helps); `declined-for-good` (every template
 * kept as rejected or banned: never asked again); `none` (no template configured).
 */
export type AskPlan =
  | { kind: 'dialog' | 'silent'; templateIds: string[] }
  | { kind: 'switched-off' | 'declined-for-good' | 'none' };

/** `settings` null: not known (wx.getSetting failed or is too old): a dialog for every template. */
export function askPlan(templateIds: readonly string[], settings: SubscriptionSettings | null): AskPlan {
  if (templateIds.length === 0) return { kind: 'none' };
  if (!settings) return { kind: 'dialog', templateIds: [...templateIds] };
  if (!settings.mainSwitch) return { kind: 'switched-off' };
  const askable = templateIds.filter((id) => settings.kept[id] !== 'reject' && settings.kept[id] !== 'ban');
  if (askable.length === 0) return { kind: 'declined-for-good' };
  return { kind: askable.every((id) => settings.kept[id] === 'accept') ? 'silent' : 'dialog', templateIds: askable };
}

export function parseSubscriptionSettings(raw: unknown): SubscriptionSettings | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { mainSwitch?: unknown; itemSettings?: unknown };
  if (typeof r.mainSwitch !== 'boolean') return null;
  const kept: Record<string, KeptChoice> = {};
  if (typeof r.itemSettings === 'object' && r.itemSettings !== null) {
    for (const [id, choice] of Object.entries(r.itemSettings)) if (choice === 'accept' || choice === 'reject' || choice === 'ban') kept[id] = choice;
  }
  return { mainSwitch: r.mainSwitch, kept };
}

export interface SubscribeMemory {
  /** Shanghai date on which the user last turned the offer down (reject/ban/filter or the main switch off). */
  declinedOn: string | null;
}

export const EMPTY_MEMORY: SubscribeMemory = { declinedOn: null };

/** `switched-off`: the card explains that all subscription messages are off and offers WeChat's settings. */
export type OfferReason = 'checked-in' | 'low-credits' | 'switched-off';

export interface OfferInput {
  plan: AskPlan;
  /** The user's reminder switch: while it is off a grant would never be spent, so none is asked for. */
  remindersEnabled: boolean;
  memory: SubscribeMemory;
  today: string;
  /** The user just checked in (the natural moment to ask for tomorrow's reminder). */
  justCheckedIn: boolean;
  /** Last known credits; null when unknown (then only a check-in triggers the offer). */
  credits: CreditCounts | null;
}

/**
 * Whether to show the offer card, and why. Never when no template is configured, reminders are
 * off, or every template is declined for good; never again on a day the user declined (asking
 * twice a day is nagging); never for a user WeChat answers silently (the app tops up by itself).
 */
export function offerReason(input: OfferInput): OfferReason | null {
  const { plan } = input;
  if (!input.remindersEnabled || plan.kind === 'none' || plan.kind === 'declined-for-good' || plan.kind === 'silent') return null;
  if (input.memory.declinedOn === input.today) return null;
  if (plan.kind === 'switched-off') return input.justCheckedIn || creditsLow(input.credits) ? 'switched-off' : null;
  if (input.justCheckedIn) return 'checked-in';
  return creditsLow(input.credits) ? 'low-credits' : null;
}

/** Only subscribe credits count here: they never expire, and since 2020 only they surely deliver. */
function creditsLow(credits: CreditCounts | null): boolean {
  return credits !== null && credits.subscribe < LOW_CREDITS;
}

/** A tap may top up one grant without a dialog: the user keeps "accept", reminders are on, the stock is short. */
export function topUpWanted(plan: AskPlan, remindersEnabled: boolean, credits: CreditCounts | null): boolean {
  return plan.kind === 'silent' && remindersEnabled && (credits?.subscribe ?? 0) < TOP_UP_STOCK;
}

/**
 * What one `wx.requestSubscribeMessage` call meant: `granted` (at least one template granted),
 * `reject`, `blocked` (ban/filter: WeChat's doing), `switched-off` (errCode 20004), `failed`
 * (network, no tap, UI could not show), `missing` (no answer for our templates).
 */
export type Outcome = 'granted' | 'reject' | 'blocked' | 'switched-off' | 'failed' | 'missing';

export interface Asked {
  outcome: Outcome;
  /** Our templates' answers (empty when the call failed). */
  answers: Record<string, SubscribeAnswer>;
  /** Granting answers among them: each is one reminder. */
  grants: number;
}

export function outcomeOf(templateIds: readonly string[], result: { ok: true; value: Record<string, unknown> } | { ok: false; errCode: number | null }): Asked {
  if (!result.ok) return { outcome: result.errCode === 20004 ? 'switched-off' : 'failed', answers: {}, grants: 0 };
  const answers: Record<string, SubscribeAnswer> = {};
  for (const id of templateIds) {
    const answer = result.value[id];
    if (isSubscribeAnswer(answer)) answers[id] = answer;
  }
  const given = Object.values(answers);
  const grants = given.filter(isGrant).length;
  const outcome: Outcome = grants > 0 ? 'granted' : given.includes('reject') ? 'reject' : given.length > 0 ? 'blocked' : 'missing';
  return { outcome, answers, grants };
}

/** A decline of any kind closes the offer for the rest of the day. */
export function remember(memory: SubscribeMemory, outcome: Outcome, today: string): SubscribeMemory {
  return isDecline(outcome) ? { declinedOn: today } : memory;
}

export function isDecline(outcome: Outcome): boolean {
  return outcome === 'reject' || outcome === 'blocked' || outcome === 'switched-off';
}

/** What the page does after the dialog: a toast for stored grants, a line of text, a way to WeChat's switch. */
export interface Feedback {
  toast: string | null;
  notice: string;
  /** Subscription messages are off for the app: a tap on the notice's button opens wx.openSetting. */
  openSetting: boolean;
}

/** What saveFormId made of the grants: null while the report waits in the queue (offline, server down). */
export interface Report {
  saved: number;
  /** The rejections of our templates' grants (`quota`, `template`, …). */
  rejected: Rejection[];
}

/** The feedback for an outcome: a grant is celebrated only once the server has stored it. */
export function feedbackOf(asked: Asked, report: Report | null): Feedback {
  const text = copy.subscribe;
  const say = (notice: string): Feedback => ({ toast: null, notice, openSetting: false });
  switch (asked.outcome) {
    case 'granted': {
      if (!report) return say(text.grantedOffline);
      const refused = report.rejected[0];
      const toast = report.saved > 0 ? text.granted(report.saved) : null;
      return { toast, notice: refused ? text.notCounted(refused.reason) : '', openSetting: false };
    }
    case 'reject':
      return say(text.declined);
    case 'blocked':
      return say(text.blocked);
    case 'switched-off':
      return { toast: null, notice: text.switchedOff, openSetting: true };
    case 'failed':
    case 'missing':
      return say(text.failed);
  }
}

export function parseMemory(raw: unknown): SubscribeMemory {
  const declinedOn = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).declinedOn : null;
  return { declinedOn: typeof declinedOn === 'string' ? declinedOn : null };
}
