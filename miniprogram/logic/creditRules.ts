// What makes a push credit worth keeping, written once for both sides: the mini-program (which
// never queues a useless one) and saveFormId (src/domain/events/saveFormIdEvent.ts, which bundles
// this file). Pure and self-contained: DevTools compiles it with the app, esbuild into the function.
import type { RejectReason, SubscribeAnswer } from '../../src/contract';

/** saveFormId takes at most this many form ids per call (DESIGN.md §2). */
export const MAX_FORM_IDS_PER_CALL = 20;
export const MAX_FORM_ID_LENGTH = 128;
/** A form id may be used for 7 days after the tap that yielded it. */
export const FORM_ID_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Each of these answers is one grant for its template (PLATFORM.md §1); the others grant nothing. */
export const GRANTING_ANSWERS: readonly SubscribeAnswer[] = ['accept', 'acceptWithAudio', 'acceptWithAlert', 'acceptWithForcePush'];
export const SUBSCRIBE_ANSWERS: readonly SubscribeAnswer[] = [...GRANTING_ANSWERS, 'reject', 'ban', 'filter'];

export const isSubscribeAnswer = (value: unknown): value is SubscribeAnswer => SUBSCRIBE_ANSWERS.includes(value as SubscribeAnswer);
export const isGrant = (value: unknown): boolean => GRANTING_ANSWERS.includes(value as SubscribeAnswer);

/** What a client bug turns a missing or wrong value into when it is made a string. */
const JUNK = ['undefined', 'null', 'nan', '[object object]', '[object undefined]'];
// C0 and C1 controls, or U+FFFD (bytes that did not decode).
const CONTROL_OR_REPLACEMENT = /[\u0000-\u001f\u007f-\u009f\ufffd]/;

/**
 * Control characters, U+FFFD, or a lone surrogate (half of a broken UTF-16 pair). A loop rather
 * than a lookbehind, which older iOS JavaScript engines cannot even parse.
 */
function isMalformed(value: string): boolean {
  if (CONTROL_OR_REPLACEMENT.test(value)) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) return true; // a low half without its high half
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

export type FormIdProblem = Extract<RejectReason, 'empty' | 'too-long' | 'junk' | 'malformed' | 'placeholder'>;

/**
 * Why a form id cannot be one WeChat issued, or null when it may be. The placeholders: DevTools
 * answers `the formId is a mock one`; develop and trial builds since base library 2.10.0 answer
 * `the formId is no longer available in develop or trial version of this mini program`.
 */
export function formIdProblem(value: string): FormIdProblem | null {
  if (value.trim() === '') return 'empty';
  if (value.length > MAX_FORM_ID_LENGTH) return 'too-long';
  if (JUNK.includes(value.trim().toLowerCase())) return 'junk';
  if (isMalformed(value)) return 'malformed';
  const lower = value.toLowerCase();
  if (lower.includes('mock') || lower.startsWith('the formid is')) return 'placeholder';
  return null;
}

/** Text that can travel as an identifier (a request id, a template id): no controls, no broken unicode. */
export const isCleanText = (value: string): boolean => !isMalformed(value);
