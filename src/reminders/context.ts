// What one sendReminders instance works with: the platform's database and messenger, the
// configuration, the run's identity and instant, a clock for expiry checks, and its time budget.
// A send alone (remindUser, the test reminder) needs less: SendContext.
import type { Config } from '../config';
import { addDays, localDate, localHour, startOfLocalDay, type LocalDate } from '../domain/time';
import type { Database, Messenger } from '../wechat/types';
import type { Channels } from './channels';

/** The settings a send reads (the template check and the message included). */
export const SEND_CONFIG = ['subscribeTemplates', 'formTemplate', 'page', 'miniprogramState', 'lang', 'timezone'] as const;
/** The settings a sendReminders run reads. */
export const RUN_CONFIG = [...SEND_CONFIG, 'window', 'defaultHour', 'runBudgetMs', 'sendConcurrency', 'usersPerWorker', 'maxWorkers'] as const;
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
}

/** One or more sends under one id: the claims of credits carry `runId`. */
export interface SendContext extends SendDeps {
  runId: string;
  /** The instant decisions are made for (the run's): its date is the message's. */
  at: Date;
  today: LocalDate;
  /** This instance starts no new user after this many ms of its invocation. */
  budgetMs: number;
  channels: Channels;
}

export interface RunContext extends SendContext {
  config: RunConfig;
  hour: number;
  /** Epoch ms at which the run's Shanghai date ends. */
  dayEndsAt: number;
}

/** A form credit must stay alive this long past the claim, so it is never sent at or after expireAt (I3). */
export const SEND_MARGIN_MS = 60_000;

type ContextFields = { runId: string; at: Date; budgetMs: number; channels: Channels };

export function sendContext(deps: SendDeps, fields: ContextFields): SendContext {
  return { ...deps, ...fields, today: localDate(fields.at, deps.config.timezone) };
}

export function runContext(deps: RunDeps, fields: ContextFields): RunContext {
  const ctx = { ...sendContext(deps, fields), config: deps.config };
  return {
    ...ctx,
    hour: localHour(fields.at, deps.config.timezone),
    dayEndsAt: startOfLocalDay(addDays(ctx.today, 1), deps.config.timezone).getTime(),
  };
}

/** Out of time, or the Shanghai date moved on since the run began (its claims are for its own date). */
export function outOfTime(ctx: RunContext): boolean {
  return ctx.elapsedMs() >= ctx.budgetMs || ctx.clock().getTime() >= ctx.dayEndsAt;
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
