// Turns a handler into a cloud function `main`: reads the caller and configuration, fixes `now`
// for the invocation, and makes sure nothing is ever thrown to the caller.
import { ConfigError, currentConfig, type Config } from '../config';
import { getPlatform } from '../wechat/cloud';
import { isClientCall } from '../wechat/context';
import type { CallerContext, Platform } from '../wechat/types';
import { AppError, failure, type Failure } from './answers';

export interface Invocation {
  event: unknown;
  caller: CallerContext;
  config: Config;
  platform: Platform;
  /** The invocation's clock reading; handlers never read the clock themselves. */
  now: Date;
}

export type Handler<T> = (input: Invocation) => Promise<T | Failure>;

export function serve<T>(name: string, handler: Handler<T>, platformOf: () => Platform = getPlatform) {
  return async function main(event: unknown): Promise<T | Failure> {
    let caller: CallerContext | undefined;
    try {
      const platform = platformOf();
      caller = platform.context();
      const config = currentConfig();
      return await handler({ event, caller, config, platform, now: new Date() });
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
