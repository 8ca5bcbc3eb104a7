// When to offer the reminder subscription, and what the user's answer means. Pure: the service
// stores `SubscribeMemory` and passes today's date.
import type { CreditCounts, SubscribeAnswer } from '../../src/contract';
import { copy } from './copy';
import { isSubscribeAnswer } from './creditRules';

/** Below this many subscribe credits the app offers to top them up (each grant is one reminder). */
export const LOW_CREDITS = 3;

export interface SubscribeMemory {
  /** Shanghai date on which the user last turned the offer down (reject/ban/filter or the main switch off). */
  declinedOn: string | null;
}

export const EMPTY_MEMORY: SubscribeMemory = { declinedOn: null };

export type OfferReason = 'checked-in' | 'low-credits';

export interface OfferInput {
  templateId: string;
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
 * Whether to show the offer, and why. Never when no template is configured or reminders are off,
 * and never again on a day the user already declined: asking twice a day is nagging.
 */
export function offerReason(input: OfferInput): OfferReason | null {
  if (input.templateId === '' || !input.remindersEnabled) return null;
  if (input.memory.declinedOn === input.today) return null;
  if (input.justCheckedIn) return 'checked-in';
  if (input.credits !== null && creditsLow(input.credits)) return 'low-credits';
  return null;
}

/** Only subscribe credits deliver since WeChat retired template messages (PLATFORM.md §1). */
function creditsLow(credits: CreditCounts): boolean {
  return credits.subscribe < LOW_CREDITS;
}

export type Outcome = SubscribeAnswer | 'switched-off' | 'failed' | 'missing';

/**
 * What one `wx.requestSubscribeMessage` call meant for our template: its answer from the success
 * result, `switched-off` for errCode 20004 (the user turned off all subscription messages),
 * `failed` for other failures (network, UI could not show), `missing` when the result omits it.
 */
export function outcomeOf(templateId: string, result: { ok: true; value: Record<string, unknown> } | { ok: false; errCode: number | null }): Outcome {
  if (!result.ok) return result.errCode === 20004 ? 'switched-off' : 'failed';
  const answer = result.value[templateId];
  return isSubscribeAnswer(answer) ? answer : 'missing';
}

export { isSubscribeAnswer };

/** A decline of any kind closes the offer for the rest of the day. */
export function remember(memory: SubscribeMemory, outcome: Outcome, today: string): SubscribeMemory {
  return isDecline(outcome) ? { declinedOn: today } : memory;
}

export function isDecline(outcome: Outcome): boolean {
  return outcome === 'reject' || outcome === 'ban' || outcome === 'filter' || outcome === 'switched-off';
}

/** What the page does after the dialog: a toast for a grant, a line of text, a way to WeChat's switch. */
export interface Feedback {
  toast: string | null;
  notice: string;
  /** 20004: subscription messages are off for the app; a tap on the notice's button opens wx.openSetting. */
  openSetting: boolean;
}

/** The feedback for an outcome; `reported` is false when a grant waits in the queue for the network. */
export function feedbackOf(outcome: Outcome, reported: boolean): Feedback {
  const text = copy.subscribe;
  const say = (notice: string): Feedback => ({ toast: null, notice, openSetting: false });
  switch (outcome) {
    case 'accept':
    case 'acceptWithAudio':
    case 'acceptWithAlert':
    case 'acceptWithForcePush':
      return { toast: text.granted, notice: reported ? '' : text.grantedOffline, openSetting: false };
    case 'reject':
      return say(text.declined);
    case 'ban':
    case 'filter':
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
