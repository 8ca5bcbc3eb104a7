// sendReminders events (docs/reminders.md): the timer's `{ Type: 'Timer', TriggerName, Time }`
// starts a run; `{ worker: {...} }` is the order a run gives the instances it fans out to, and
// `{ continueRun: { round } }` starts the next run of a chain when one stopped at its budget. Only
// the function itself sends these (timerOnly refuses every client), and they are read strictly:
// every field present with the right type, nothing else.
import type { ClosedChannels, CreditKind } from '../credits';
import type { Validation } from '../validation';
import { eventFields, FieldError, isPlainObject, parsing, type Fields } from './fields';

export interface WorkerOrder {
  /** The run that fans out; also the claim id on users and credits. */
  runId: string;
  /** The run's clock reading: its date and hour decide who is due, for every worker alike. */
  at: Date;
  /** Inclusive range of user shards this worker covers. */
  shards: readonly [number, number];
  /** The worker starts no new user after this long. */
  budgetMs: number;
  /** Channels closed when the run started (a daily quota, a remembered retirement). */
  closed: ClosedChannels;
}

/** `round` 0 is the timer's run; each continuation counts one more. */
export type SendRemindersRequest = { kind: 'run'; round: number } | { kind: 'worker'; order: WorkerOrder };

/**
 * A chain of runs started by one firing stops after this many continuations: about 25 minutes of
 * runs at the default budget, so a slow day still finishes well before the next hourly firing
 * (which starts a chain of its own), while a chain that cannot make progress still ends.
 */
export const MAX_CONTINUATIONS = 30;

/**
 * A worker order older than this is not carried out: its run stopped waiting long before (it
 * waits its budget plus a grace), so a late worker would only find its users to others.
 */
export const ORDER_MAX_AGE_MS = 5 * 60_000;

export interface OrderLimits {
  shardCount: number;
  maxBudgetMs: number;
  /** How far `at` may lie from the worker's clock: an older order is stale, not carried out. */
  maxSkewMs: number;
}

export const RUN_ID_RE = /^run_[A-Za-z0-9_-]{6,64}$/;
const ORDER_KEYS = ['runId', 'at', 'shards', 'budgetMs', 'closed'];
const CLOSED_STATES = ['quota', 'retired'];
const CHANNELS: readonly CreditKind[] = ['form', 'subscribe'];

function exactKeys(fields: Fields, keys: readonly string[], at: string): void {
  const extra = Object.keys(fields).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new FieldError(`${at}${extra[0]}`, 'is not a field of this event');
  const missing = keys.filter((k) => fields[k] === undefined);
  if (missing.length > 0) throw new FieldError(`${at}${missing[0]}`, 'is required');
}

const isWhole = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function parseOrder(raw: unknown, now: Date, limits: OrderLimits): WorkerOrder {
  if (!isPlainObject(raw)) throw new FieldError('worker', 'must be an object');
  exactKeys(raw, ORDER_KEYS, 'worker.');
  const { runId, at, shards, budgetMs, closed } = raw;
  if (typeof runId !== 'string' || !RUN_ID_RE.test(runId)) throw new FieldError('worker.runId', 'must look like run_<6-64 letters, digits, "_" or "-">');
  const when = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(at) ? new Date(at) : null;
  if (!when || Number.isNaN(when.getTime())) throw new FieldError('worker.at', 'must be an ISO instant in UTC');
  if (Math.abs(now.getTime() - when.getTime()) > limits.maxSkewMs) throw new FieldError('worker.at', 'is too far from now: a stale order is not carried out');
  const last = limits.shardCount - 1;
  if (!Array.isArray(shards) || shards.length !== 2 || !isWhole(shards[0], 0, last) || !isWhole(shards[1], shards[0] as number, last)) {
    throw new FieldError('worker.shards', `must be [from, to] with 0 <= from <= to <= ${last}`);
  }
  if (!isWhole(budgetMs, 1, limits.maxBudgetMs)) throw new FieldError('worker.budgetMs', `must be a whole number of ms, 1-${limits.maxBudgetMs}`);
  if (!isPlainObject(closed) || !Object.entries(closed).every(([k, v]) => CHANNELS.includes(k as CreditKind) && CLOSED_STATES.includes(v as string))) {
    throw new FieldError('worker.closed', 'must map "form" or "subscribe" to "quota" or "retired"');
  }
  return { runId, at: when, shards: [shards[0] as number, shards[1] as number], budgetMs, closed: { ...(closed as ClosedChannels) } };
}

/**
 * A run unless the event carries a worker order or a continuation. The timer's fields are
 * informational (a console test run sends `{}`), so any other event starts a run.
 */
export function parseSendRemindersEvent(event: unknown, now: Date, limits: OrderLimits): Validation<SendRemindersRequest> {
  return parsing((): SendRemindersRequest => {
    const fields = eventFields(event);
    if ('worker' in fields) {
      exactKeys(fields, ['worker'], '');
      return { kind: 'worker', order: parseOrder(fields.worker, now, limits) };
    }
    if ('continueRun' in fields) {
      exactKeys(fields, ['continueRun'], '');
      const c = fields.continueRun;
      if (!isPlainObject(c)) throw new FieldError('continueRun', 'must be an object');
      exactKeys(c, ['round'], 'continueRun.');
      if (!isWhole(c.round, 1, MAX_CONTINUATIONS)) throw new FieldError('continueRun.round', `must be a whole number 1-${MAX_CONTINUATIONS}`);
      return { kind: 'run', round: c.round };
    }
    return { kind: 'run', round: 0 };
  });
}

export function continuationEvent(round: number): { continueRun: { round: number } } {
  return { continueRun: { round } };
}

/** The order as it travels in callFunction data (JSON). */
export function orderEvent(order: WorkerOrder): { worker: Record<string, unknown> } {
  return { worker: { runId: order.runId, at: order.at.toISOString(), shards: [...order.shards], budgetMs: order.budgetMs, closed: { ...order.closed } } };
}
