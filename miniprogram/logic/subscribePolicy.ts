// When to offer the reminder subscription, and what the user's answer means. Pure: the service
// stores `SubscribeMemory` and passes today's date.
import type { CreditCounts, SubscribeAnswer } from '../../src/contract';

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
  memory: SubscribeMemory;
  today: string;
  /** The user just checked in (the natural moment to ask for tomorrow's reminder). */
  justCheckedIn: boolean;
  /** Last known credits; null when unknown (then only a check-in triggers the offer). */
  credits: CreditCounts | null;
}

/**
 * Whether to show the offer, and why. Never when no template is configured, and never again on a
 * day the user already declined: asking twice a day is nagging.
 */
export function offerReason(input: OfferInput): OfferReason | null {
  if (input.templateId === '') return null;
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

const ANSWERS: readonly unknown[] = ['accept', 'acceptWithAudio', 'reject', 'ban', 'filter'];

export function isSubscribeAnswer(value: unknown): value is SubscribeAnswer {
  return ANSWERS.includes(value);
}

/** A decline of any kind closes the offer for the rest of the day. */
export function remember(memory: SubscribeMemory, outcome: Outcome, today: string): SubscribeMemory {
  return isDecline(outcome) ? { declinedOn: today } : memory;
}

export function isDecline(outcome: Outcome): boolean {
  return outcome === 'reject' || outcome === 'ban' || outcome === 'filter' || outcome === 'switched-off';
}

export function isGrant(outcome: Outcome): boolean {
  return outcome === 'accept' || outcome === 'acceptWithAudio';
}

/** What the user is told after answering. */
export function outcomeMessage(outcome: Outcome): string {
  switch (outcome) {
    case 'accept':
    case 'acceptWithAudio':
      return '已开启一次提醒';
    case 'reject':
      return '好的，今天不再打扰';
    case 'ban':
      return '提醒已被关闭，今天不再打扰';
    case 'filter':
      return '暂时无法订阅提醒';
    case 'switched-off':
      return '你已关闭订阅消息，可在右上角“…”→设置中打开';
    case 'failed':
    case 'missing':
      return '订阅没有成功，请稍后再试';
  }
}

export function parseMemory(raw: unknown): SubscribeMemory {
  const declinedOn = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).declinedOn : null;
  return { declinedOn: typeof declinedOn === 'string' ? declinedOn : null };
}
