// Turns a handler into a cloud function `main`: reads the caller and configuration, fixes `now`
// for the invocation, hands it the clocks and randomness, and makes sure nothing is ever thrown
// to the caller.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, currentConfig, type Config } from '../config';
import type { Failure } from '../contract';
import { getPlatform } from '../wechat/cloud';
import { isClientCall } from '../wechat/context';
import type { CallerContext, Platform } from '../wechat/types';
import { AppError, failure } from './answers';

export interface Invocation {
  event: unknown;
  caller: CallerContext;
  config: Config;
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
}

export type Handler<T> = (input: Invocation) => Promise<T | Failure>;

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

export function serve<T>(name: string, handler: Handler<T>, platformOf: () => Platform = getPlatform, runtime: Runtime = systemRuntime) {
  return async function main(event: unknown): Promise<T | Failure> {
    let caller: CallerContext | undefined;
    try {
      const platform = platformOf();
      caller = platform.context();
      const config = currentConfig();
      const started = runtime.monotonicMs();
      return await handler({
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
      });
    } catch (error) {
      if (error instanceof AppError) return failure(error.code, error.message);
      if (error instanceof ConfigError) {
        console.error(`[${name}] configuration error: ${error.message}`);
        return failure('INTERNAL', error.message);
      }
      // Logged with the request for the developer; the caller gets no stack trace.
      console.error(`[${name}] unexpected error`, { event, caller }, error);
      return failure('INTERNAL', 'internal error');
    }
  };
}

/** For timer-triggered functions: a call a person could have made is refused and does nothing. */
export function timerOnly<T>(handler: Handler<T>): Handler<T> {
  return async (input) => {
    if (isClientCall(input.caller)) return failure('PERMISSION_DENIED', 'this function only runs from its timer trigger');
    return handler(input);
  };
}
