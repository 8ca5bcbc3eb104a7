// What a user-facing handler takes from its invocation: the caller, from the context only, and the event, validated.
import type { Validation } from '../domain/validation';
import type { CallerContext } from '../wechat/types';
import { AppError, invalid } from './answers';

/** The calling user's OPENID, from the runtime context only; a call without one is refused. */
export function callerOpenid(caller: CallerContext): string {
  if (!caller.openid) throw new AppError('UNAUTHENTICATED', 'this function must be called by a signed-in mini-program user');
  return caller.openid;
}

/** The parsed value, or INVALID_ARGUMENT naming the field (before anything is written). */
export function validated<T>(result: Validation<T>): T {
  if (!result.ok) throw invalid(result.field, result.message);
  return result.value;
}
