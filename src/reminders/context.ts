// What one sendReminders instance works with: the platform's database and messenger, the
// configuration, the run's identity and instant, a clock for expiry checks, and its time budget.
import type { Config } from '../config';
import { addDays, localDate, localHour, startOfLocalDay, type LocalDate } from '../domain/time';
import type { Database, Messenger } from '../wechat/types';
import type { Channels } from './channels';

export interface RunDeps {
  db: Database;
  messenger: Messenger;
  config: Config;
  /** The present instant (credit expiry, claim times); the run's decisions use `at`. */
  clock: () => Date;
  /** Milliseconds since this invocation started (a monotonic timer, for the budget). */
  elapsedMs: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export interface RunContext extends RunDeps {
  runId: string;
  /** The run's instant: who is due is decided on its date and hour, for every worker alike. */
  at: Date;
  today: LocalDate;
  hour: number;
  /** This instance starts no new user after this many ms of its invocation. */
  budgetMs: number;
  channels: Channels;
  /** Epoch ms at which the run's Shanghai date ends. */
  dayEndsAt: number;
}

/** A form credit must stay alive this long past the claim, so it is never sent at or after expireAt (I3). */
export const SEND_MARGIN_MS = 60_000;

export function runContext(deps: RunDeps, fields: { runId: string; at: Date; budgetMs: number; channels: Channels }): RunContext {
  const today = localDate(fields.at, deps.config.timezone);
  return {
    ...deps,
    ...fields,
    today,
    hour: localHour(fields.at, deps.config.timezone),
    dayEndsAt: startOfLocalDay(addDays(today, 1), deps.config.timezone).getTime(),
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
