// The device-side queue of push credits waiting to reach `saveFormId`: form ids from taps and
// subscribe answers. Pure functions over a plain state object, so the service can keep it in
// wx storage (it survives the app being killed) and tests can drive it with explicit times.
import type { SaveFormIdEvent, SubscribeAnswer } from '../../src/contract';
import { isSubscribeAnswer } from './subscribePolicy';

export interface PendingFormId {
  value: string;
  /** When the tap happened (epoch ms). */
  at: number;
}

export interface PendingSubscription {
  templateId: string;
  answer: SubscribeAnswer;
  at: number;
}

export interface Pending {
  formIds: PendingFormId[];
  subscriptions: PendingSubscription[];
  /** Uploads that failed in a row since the last success. */
  failures: number;
  /** Epoch ms before which a count-triggered upload waits (backoff after a failure). */
  retryAt: number;
}

/** One `saveFormId` call's worth of the queue. */
export interface Upload {
  formIds: string[];
  subscription: PendingSubscription | null;
}

/** `saveFormId` takes at most 20 ids per call (DESIGN.md §2), so 20 taps make one upload. */
export const UPLOAD_BATCH = 20;
/** A form id is worth nothing after 7 days: older ones are dropped, not uploaded. */
export const FORM_ID_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** The server keeps at most 100 unused credits per user; holding more on the device is pointless. */
export const MAX_PENDING_FORM_IDS = 100;
/** Subscribe answers waiting for the network (a handful at most in practice). */
const MAX_PENDING_SUBSCRIPTIONS = 20;
const BACKOFF_FIRST_MS = 30 * 1000;
const BACKOFF_MAX_MS = 10 * 60 * 1000;

export const EMPTY_PENDING: Pending = { formIds: [], subscriptions: [], failures: 0, retryAt: 0 };

const PLACEHOLDER_RE = /mock|no longer available/i;

/**
 * Why a submit's formId is not a real one, or null when it is. DevTools answers
 * `the formId is a mock one`; develop and trial builds since base library 2.10.0 answer
 * `the formId is no longer available in develop or trial version of this mini program`.
 */
export function formIdProblem(raw: unknown): string | null {
  if (typeof raw !== 'string') return 'not a string';
  if (raw.trim() === '') return 'empty';
  if (raw.length > 128) return 'longer than 128 characters';
  if (PLACEHOLDER_RE.test(raw)) return "WeChat's placeholder";
  return null;
}

const alive = (now: number) => (f: PendingFormId) => now - f.at < FORM_ID_LIFETIME_MS;

/** Adds a tap's form id; placeholders, duplicates and ids past their lifetime never enter. */
export function addFormId(state: Pending, raw: unknown, now: number): Pending {
  if (formIdProblem(raw) !== null) return state;
  const value = raw as string;
  const kept = state.formIds.filter(alive(now));
  if (kept.some((f) => f.value === value)) return kept.length === state.formIds.length ? state : { ...state, formIds: kept };
  // Over the cap, the oldest go first: they expire first.
  const formIds = [...kept, { value, at: now }].slice(-MAX_PENDING_FORM_IDS);
  return { ...state, formIds };
}

export function addSubscription(state: Pending, templateId: string, answer: SubscribeAnswer, now: number): Pending {
  const subscriptions = [...state.subscriptions, { templateId, answer, at: now }].slice(-MAX_PENDING_SUBSCRIPTIONS);
  return { ...state, subscriptions };
}

/** The next call to make (oldest first), or null when nothing is waiting. */
export function nextUpload(state: Pending, now: number): Upload | null {
  const formIds = state.formIds.filter(alive(now)).slice(0, UPLOAD_BATCH).map((f) => f.value);
  // The event maps a template id to one answer, so one subscription answer travels per call.
  const subscription = state.subscriptions[0] ?? null;
  return formIds.length === 0 && subscription === null ? null : { formIds, subscription };
}

export function uploadEvent(upload: Upload): SaveFormIdEvent {
  const event: SaveFormIdEvent = {};
  if (upload.formIds.length > 0) event.formIds = upload.formIds;
  if (upload.subscription) event.subscriptions = { [upload.subscription.templateId]: upload.subscription.answer };
  return event;
}

/** The server answered: what was sent leaves the queue (taps made meanwhile stay). */
export function acknowledge(state: Pending, upload: Upload, now: number): Pending {
  const sent = new Set(upload.formIds);
  return {
    formIds: state.formIds.filter((f) => !sent.has(f.value)).filter(alive(now)),
    subscriptions: withoutFirst(state.subscriptions, upload.subscription),
    failures: 0,
    retryAt: 0,
  };
}

function withoutFirst(list: PendingSubscription[], sent: PendingSubscription | null): PendingSubscription[] {
  const i = sent ? list.findIndex((s) => s.templateId === sent.templateId && s.answer === sent.answer && s.at === sent.at) : -1;
  return i < 0 ? list : [...list.slice(0, i), ...list.slice(i + 1)];
}

/** The upload failed: everything stays queued, and count-triggered uploads back off. */
export function recordFailure(state: Pending, now: number): Pending {
  const failures = state.failures + 1;
  return { ...state, failures, retryAt: now + backoffMs(failures) };
}

/** 30 s after the first failure, doubling, at most 10 minutes. */
export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_FIRST_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
}

/** A tap just made the queue a full batch, and no backoff is running. */
export function batchReady(state: Pending, now: number): boolean {
  return state.formIds.filter(alive(now)).length >= UPLOAD_BATCH && now >= state.retryAt;
}

/** Reads the stored state, tolerating anything (an old version, a manual clear, garbage). */
export function parsePending(raw: unknown): Pending {
  if (typeof raw !== 'object' || raw === null) return EMPTY_PENDING;
  const r = raw as Record<string, unknown>;
  const formIds = Array.isArray(r.formIds)
    ? r.formIds.filter((f): f is PendingFormId => typeof f === 'object' && f !== null && formIdProblem(f.value) === null && Number.isFinite(f.at))
    : [];
  const subscriptions = Array.isArray(r.subscriptions)
    ? r.subscriptions.filter(
        (s): s is PendingSubscription => typeof s === 'object' && s !== null && typeof s.templateId === 'string' && isSubscribeAnswer(s.answer) && Number.isFinite(s.at),
      )
    : [];
  const failures = typeof r.failures === 'number' && r.failures >= 0 ? r.failures : 0;
  const retryAt = typeof r.retryAt === 'number' ? r.retryAt : 0;
  return { formIds, subscriptions, failures, retryAt };
}
