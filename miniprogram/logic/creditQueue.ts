// The device-side queue of push credits waiting to reach `saveFormId`: form ids from taps and
// subscribe answers. Pure functions over a plain state object, so the service can keep it in
// wx storage (it survives the app being killed) and tests can drive it with explicit times.
//
// An upload, once composed, is kept as it is (`sending`, with its requestId) until saveFormId
// answers it: a retry sends the same ids with the same requestId, so a call whose answer was lost
// stores nothing twice (DESIGN.md §2).
import type { SaveFormIdEvent, SubscribeAnswer } from '../../src/contract';
import { FORM_ID_LIFETIME_MS, formIdProblem as serverProblem, isSubscribeAnswer, MAX_FORM_IDS_PER_CALL } from './creditRules';

export { FORM_ID_LIFETIME_MS };

export interface PendingFormId {
  value: string;
  /** When the tap happened (epoch ms): the id dies 7 days later. */
  at: number;
}

/** One answer of WeChat's dialog: template id → answer, for every template asked. */
export interface PendingSubscription {
  answers: Record<string, SubscribeAnswer>;
  at: number;
}

/** One saveFormId call's worth of the queue, fixed until it is answered. */
export interface Upload {
  requestId: string;
  formIds: PendingFormId[];
  subscription: PendingSubscription | null;
}

export interface Pending {
  formIds: PendingFormId[];
  subscriptions: PendingSubscription[];
  /** The upload on its way or failed, to be sent again as it is. */
  sending: Upload | null;
  /** Uploads that failed in a row since the last success. */
  failures: number;
  /** Epoch ms before which a count-triggered upload waits (backoff after a failure). */
  retryAt: number;
}

/** `saveFormId` takes at most 20 ids per call (DESIGN.md §2), so 20 taps make one upload. */
export const UPLOAD_BATCH = MAX_FORM_IDS_PER_CALL;
/** The server keeps at most 100 unused form credits per user; holding more on the device is pointless. */
export const MAX_PENDING_FORM_IDS = 100;
/** Subscribe answers waiting for the network (a handful at most in practice). */
const MAX_PENDING_SUBSCRIPTIONS = 20;
const BACKOFF_FIRST_MS = 30 * 1000;
const BACKOFF_MAX_MS = 10 * 60 * 1000;

export const EMPTY_PENDING: Pending = { formIds: [], subscriptions: [], sending: null, failures: 0, retryAt: 0 };

/** Why a submit's formId is not worth queueing (saveFormId's reasons, miniprogram/logic/creditRules.ts), or null. */
export function formIdProblem(raw: unknown): string | null {
  return typeof raw === 'string' ? serverProblem(raw) : 'not a string';
}

const alive = (now: number) => (f: PendingFormId) => now - f.at < FORM_ID_LIFETIME_MS;
const queued = (state: Pending, value: string) => state.formIds.some((f) => f.value === value) || (state.sending?.formIds.some((f) => f.value === value) ?? false);

/** Adds a tap's form id; placeholders, junk, duplicates and ids past their lifetime never enter. */
export function addFormId(state: Pending, raw: unknown, now: number): Pending {
  if (formIdProblem(raw) !== null) return state;
  const value = raw as string;
  const kept = state.formIds.filter(alive(now));
  if (queued(state, value)) return kept.length === state.formIds.length ? state : { ...state, formIds: kept };
  // Over the cap, the oldest go first: they expire first.
  const formIds = [...kept, { value, at: now }].slice(-MAX_PENDING_FORM_IDS);
  return { ...state, formIds };
}

/** Drops every queued form id (the form channel is off: the server would refuse them). */
export function dropFormIds(state: Pending): Pending {
  return state.formIds.length === 0 ? state : { ...state, formIds: [] };
}

export function addSubscription(state: Pending, answers: Record<string, SubscribeAnswer>, now: number): Pending {
  const subscriptions = [...state.subscriptions, { answers, at: now }].slice(-MAX_PENDING_SUBSCRIPTIONS);
  return { ...state, subscriptions };
}

/**
 * The upload to send now: the one already on its way (a retry), else a new one of the oldest ids
 * and subscription, named by `newRequestId()`; with the state that remembers it. Null: nothing waits.
 */
export function nextUpload(state: Pending, now: number, newRequestId: () => string): { upload: Upload; state: Pending } | null {
  if (state.sending) return { upload: state.sending, state };
  const formIds = state.formIds.filter(alive(now)).slice(0, UPLOAD_BATCH);
  // The event maps a template id to one answer, so one dialog's answers travel per call.
  const subscription = state.subscriptions[0] ?? null;
  if (formIds.length === 0 && subscription === null) return null;
  const upload: Upload = { requestId: newRequestId(), formIds, subscription };
  const sent = new Set(formIds.map((f) => f.value));
  return {
    upload,
    state: { ...state, formIds: state.formIds.filter((f) => !sent.has(f.value)), subscriptions: state.subscriptions.slice(subscription ? 1 : 0), sending: upload },
  };
}

export function uploadEvent(upload: Upload): SaveFormIdEvent {
  const event: SaveFormIdEvent = { requestId: upload.requestId };
  if (upload.formIds.length > 0) event.formIds = upload.formIds.map((f) => ({ value: f.value, at: f.at }));
  if (upload.subscription) event.subscriptions = { ...upload.subscription.answers };
  return event;
}

/** The server answered the upload: it leaves the queue (taps made meanwhile stay). */
export function acknowledge(state: Pending, upload: Upload, now: number): Pending {
  const done = state.sending?.requestId === upload.requestId;
  return { ...state, formIds: state.formIds.filter(alive(now)), sending: done ? null : state.sending, failures: 0, retryAt: 0 };
}

/** The upload failed: it stays as it is, to be sent again, and count-triggered uploads back off. */
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

const formIdsIn = (raw: unknown): PendingFormId[] =>
  Array.isArray(raw) ? raw.filter((f): f is PendingFormId => typeof f === 'object' && f !== null && formIdProblem(f.value) === null && Number.isFinite(f.at)) : [];

function subscriptionIn(raw: unknown): PendingSubscription | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { answers: given, at, templateId, answer } = raw as { answers?: unknown; at?: unknown; templateId?: unknown; answer?: unknown };
  // The previous version queued one template's answer: `{ templateId, answer, at }`.
  const answers = typeof templateId === 'string' ? { [templateId]: answer } : given;
  if (typeof answers !== 'object' || answers === null || typeof at !== 'number' || !Number.isFinite(at)) return null;
  const valid = Object.entries(answers).filter((e): e is [string, SubscribeAnswer] => isSubscribeAnswer(e[1]));
  return valid.length > 0 ? { answers: Object.fromEntries(valid), at } : null;
}

function uploadIn(raw: unknown): Upload | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { requestId?: unknown; formIds?: unknown; subscription?: unknown };
  if (typeof r.requestId !== 'string' || r.requestId === '') return null;
  const formIds = formIdsIn(r.formIds);
  const subscription = subscriptionIn(r.subscription);
  return formIds.length > 0 || subscription ? { requestId: r.requestId, formIds, subscription } : null;
}

/** Reads the stored state, tolerating anything (an old version, a manual clear, garbage). */
export function parsePending(raw: unknown): Pending {
  if (typeof raw !== 'object' || raw === null) return EMPTY_PENDING;
  const r = raw as Record<string, unknown>;
  const subscriptions = Array.isArray(r.subscriptions) ? r.subscriptions.map(subscriptionIn).filter((s): s is PendingSubscription => s !== null) : [];
  const failures = typeof r.failures === 'number' && r.failures >= 0 ? r.failures : 0;
  const retryAt = typeof r.retryAt === 'number' ? r.retryAt : 0;
  return { formIds: formIdsIn(r.formIds), subscriptions, sending: uploadIn(r.sending), failures, retryAt };
}
