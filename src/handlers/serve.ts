// Turns a handler into a cloud function `main`: reads the caller and the settings the handler
// uses, fixes `now` for the invocation, hands it the clocks and randomness, and makes sure
// nothing is ever thrown to the caller — nor any detail of a failure it did not cause.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, currentConfig, overridesOf, type Config, type ConfigKey } from '../config';
import type { Failure } from '../contract';
import { getPlatform } from '../wechat/cloud';
import { isTimerCall } from '../wechat/context';
import { isTransient } from '../wechat/errors';
import type { CallerContext, InvocationLimits, Platform } from '../wechat/types';
import { AppError, failure } from './answers';

export interface Invocation<C = Config> {
  event: unknown;
  caller: CallerContext;
  /** The settings the handler declared, validated (src/config). */
  config: C;
  platform: Platform;
  /** The invocation's instant, read once: handlers never read the clock themselves. */
  now: Date;
  /** The present instant, for work that outlasts `now` (a reminder run checks credit expiry against it). */
  clock: () => Date;
  /** Milliseconds since the handler was called, on a monotonic clock (budgets, durations). */
  elapsedMs: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  random: () => number;
  /** A fresh random id (a UUID). */
  randomId: () => string;
  /** What the platform says of this invocation (its `context` argument). */
  limits: InvocationLimits;
}

/** The invocation's limits from the cloud's `context` argument, read defensively (it is the platform's, not ours). */
export function limitsOf(context: unknown, randomId: () => string): InvocationLimits {
  const c = (typeof context === 'object' && context !== null ? context : {}) as Record<string, unknown>;
  const limit = c.time_limit_in_ms;
  const id = c.request_id;
  return {
    timeLimitMs: typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? limit : null,
    invocationId: typeof id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(id) ? id : randomId(),
  };
}

export interface Handler<T, K extends ConfigKey = ConfigKey> {
  /** The settings it reads: only these are validated for it, so another function's bad value cannot stop it. */
  readonly uses: readonly K[];
  /** Refuses a caller before any setting is read (timerOnly). */
  readonly guard?: (caller: CallerContext) => Failure | null;
  run(input: Invocation<Pick<Config, K>>): Promise<T | Failure>;
}

/** A handler that reads the settings `uses`: `handler(['timezone'])<Answer>(async (input) => …)`. */
export const handler =
  <const K extends ConfigKey>(uses: readonly K[]) =>
  <T>(run: (input: Invocation<Pick<Config, K>>) => Promise<T | Failure>): Handler<T, K> => ({ uses, run });

/** What a caller sees of anything that went wrong on our side: the detail is in the function's log. */
export const INTERNAL_MESSAGE = 'internal error';
/** What a caller sees of a failure a retry may cure (a transient database failure, a lost answer). */
export const UNAVAILABLE_MESSAGE = 'temporarily unavailable: try again';

/** What serve reads from the machine; a parameter so that a caller can fix it. */
export interface Runtime {
  now(): Date;
  /** A monotonic reading in milliseconds (only differences mean anything). */
  monotonicMs(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  randomId(): string;
}

export const systemRuntime: Runtime = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
  sleep: (ms) => sleep(ms),
  random: Math.random,
  randomId: randomUUID,
};

export function serve<T, K extends ConfigKey>(name: string, handler: Handler<T, K>, platformOf: () => Platform = getPlatform, runtime: Runtime = systemRuntime) {
  let overrides = '';
  return async function main(event: unknown, context?: unknown): Promise<T | Failure> {
    let caller: CallerContext | undefined;
    try {
      const platform = platformOf();
      caller = platform.context();
      const refused = handler.guard?.(caller);
      if (refused) return refused;
      const config = currentConfig(handler.uses);
      // Once per change: which console variables this instance runs with over app.config.json.
      const set = overridesOf(handler.uses).join(', ');
      if (set !== overrides) console.log(`[${name}] console variables override app.config.json: ${set || 'none'}`);
      overrides = set;
      const started = runtime.monotonicMs();
      return await handler.run({
        event,
        caller,
        config,
        platform,
        now: runtime.now(),
        clock: () => runtime.now(),
        elapsedMs: () => runtime.monotonicMs() - started,
        sleep: (ms) => runtime.sleep(ms),
        random: () => runtime.random(),
        randomId: () => runtime.randomId(),
        limits: limitsOf(context, runtime.randomId),
      });
    } catch (error) {
      if (error instanceof AppError) return failure(error.code, error.message);
      // The developer reads the detail in the function's log; the caller learns nothing of it.
      if (error instanceof ConfigError) console.error(`[${name}] configuration error: ${error.message}`);
      else if (isTransient(error)) {
        // Worth trying again: the app knows which of its calls it may safely repeat.
        console.error(`[${name}] transient failure, the caller may retry`, { event, caller }, error);
        return failure('UNAVAILABLE', UNAVAILABLE_MESSAGE);
      } else console.error(`[${name}] unexpected error`, { event, caller }, error);
      return failure('INTERNAL', INTERNAL_MESSAGE);
    }
  };
}

/** For timer-triggered functions: any call but the timer's (and its own chain) is refused, before anything is read. */
export function timerOnly<T, K extends ConfigKey>(inner: Handler<T, K>): Handler<T, K> {
  return {
    ...inner,
    guard: (caller) => (isTimerCall(caller) ? null : failure('PERMISSION_DENIED', 'this function only runs from its timer trigger')),
  };
}
