// What one sendReminders instance works with: the platform's database and messenger, the
// configuration, the run's identity and instant, a clock for expiry checks, and its time budget.
// A send alone (remindUser, the test reminder) needs less: SendContext.
import type { Config } from '../config';
import { claimExpiry } from '../domain/claims';
import { windowEndsAt } from '../domain/due';
import { localDate, localHour, type LocalDate } from '../domain/time';
import type { Database, InvocationLimits, Messenger } from '../wechat/types';
import type { Channels } from './channels';

/** The settings a send reads (the template check and the message included). */
export const SEND_CONFIG = ['subscribeTemplates', 'formTemplate', 'page', 'miniprogramState', 'lang', 'timezone'] as const;
/** The settings a sendReminders run reads. */
export const RUN_CONFIG = [...SEND_CONFIG, 'window', 'defaultHour', 'runBudgetMs', 'sendConcurrency', 'usersPerWorker', 'maxWorkers', 'holdoutPercent'] as const;
export type SendConfig = Pick<Config, (typeof SEND_CONFIG)[number]>;
export type RunConfig = Pick<Config, (typeof RUN_CONFIG)[number]>;

export interface SendDeps {
  db: Database;
  messenger: Messenger;
  config: SendConfig;
  /** The present instant (credit expiry, claim times); the run's decisions use `at`. */
  clock: () => Date;
  /** Milliseconds since this invocation started (a monotonic timer, for the budget). */
  elapsedMs: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export interface RunDeps extends SendDeps {
  config: RunConfig;
  /** The invocation's time limit and id (its claims' expiry and owner). */
  limits: InvocationLimits;
}

/** One or more sends by one invocation: the claims of credits carry `runId` and `owner`. */
export interface SendContext extends SendDeps {
  runId: string;
  /** The invocation making the sends: it alone settles the credits it claimed. */
  owner: string;
  /** The instant decisions are made for (the run's): its date is the message's. */
  at: Date;
  today: LocalDate;
  /** This instance starts no new user after this many ms of its invocation. */
  budgetMs: number;
  channels: Channels;
  /** Epoch ms from which no send starts: the send window's end on the run's date (never, for a test reminder). */
  sendsEndAt: number;
}

export interface RunContext extends SendContext {
  config: RunConfig;
  hour: number;
  /** When this invocation's claims on users expire (it has ended by then). */
  claimExpiresAt: Date;
}

/** A form credit must stay alive this long past the claim, so it is never sent at or after expireAt (I3). */
export const SEND_MARGIN_MS = 60_000;

type ContextFields = { runId: string; at: Date; budgetMs: number; channels: Channels };

/** Sends outside a run (a test reminder): whenever the user asks. */
export function sendContext(deps: SendDeps, fields: ContextFields & { owner: string }): SendContext {
  return { ...deps, ...fields, today: localDate(fields.at, deps.config.timezone), sendsEndAt: Infinity };
}

export function runContext(deps: RunDeps, fields: ContextFields): RunContext {
  const { timezone, window } = deps.config;
  const today = localDate(fields.at, timezone);
  const started = new Date(deps.clock().getTime() - deps.elapsedMs());
  return {
    ...deps,
    ...fields,
    owner: deps.limits.invocationId,
    today,
    hour: localHour(fields.at, timezone),
    // The window's end on the run's date is also before its date ends: a run stops at the first.
    sendsEndAt: windowEndsAt(today, window, timezone).getTime(),
    claimExpiresAt: claimExpiry(started, deps.limits.timeLimitMs),
  };
}

/** Out of time, or past the send window of the run's date (its claims are for its own date). */
export function outOfTime(ctx: RunContext): boolean {
  return ctx.elapsedMs() >= ctx.budgetMs || ctx.clock().getTime() >= ctx.sendsEndAt;
}

/** A fresh run id: the run's instant (sortable) and some randomness. */
export function newRunId(at: Date, random: () => number): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const tail = Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');
  return `run_${stamp}_${tail}`;
}

/** An error's text for a problem line or a log. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const text = [e.errMsg, e.message, e.code].find((v): v is string => typeof v === 'string');
    if (text) return text;
  }
  return String(error);
}
