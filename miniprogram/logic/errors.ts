// Turns every way a cloud call can fail into one error the pages can show: what went wrong, in
// words the user understands, and what to do (the wording is logic/copy.ts). Pure: no wx.* here.
import type { ClientFunctionName, ErrorCode } from '../../src/contract';
import { copy } from './copy';

/**
 * network: the request never got a function's answer (offline, timeout) — retry when online.
 * server: the function crashed, is missing, or answered a server-side failure — retry later.
 * rejected: the function refused the request (bad input, identity, permission, quota).
 */
export type FailureKind = 'network' | 'server' | 'rejected';

export class ServiceError extends Error {
  constructor(
    readonly kind: FailureKind,
    /** An ErrorCode from the contract, or the platform's errCode as text (e.g. "-504002"). */
    readonly code: string,
    /** Short Chinese title for the user. */
    readonly title: string,
    /** What the user can do about it, in Chinese (pages show it next to a 重试 button). */
    readonly hint: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

const { network: NETWORK, server: SERVER, notDeployed: NOT_DEPLOYED } = copy.errors;

const BY_CODE: Record<ErrorCode, { kind: FailureKind; title: string; hint: string }> = {
  UNAUTHENTICATED: { kind: 'rejected', ...copy.errors.identity },
  PERMISSION_DENIED: { kind: 'rejected', ...copy.errors.permission },
  INVALID_ARGUMENT: { kind: 'rejected', ...copy.errors.stale },
  RESOURCE_EXHAUSTED: { kind: 'rejected', ...copy.errors.busy },
  UNAVAILABLE: { kind: 'server', ...SERVER },
  INTERNAL: { kind: 'server', ...SERVER },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The failure a `wx.cloud.callFunction` rejection stands for (its `fail` object: errCode, errMsg). */
export function fromCallFailure(name: ClientFunctionName, failure: unknown): ServiceError {
  const errCode = isRecord(failure) && typeof failure.errCode === 'number' ? failure.errCode : null;
  const errMsg = isRecord(failure) && typeof failure.errMsg === 'string' ? failure.errMsg : failure instanceof Error ? failure.message : String(failure);
  const code = errCode === null ? 'CALL_FAILED' : String(errCode);
  const message = `${name}: ${errMsg}`;
  // The function ran and threw, timed out inside, or its instance died (errCode -504002).
  if (errCode === -504002 || /functions? execute fail/i.test(errMsg)) return new ServiceError('server', code, SERVER.title, SERVER.hint, message);
  // Function or environment missing: the app is misconfigured (the log says so; the user cannot fix it).
  if (errCode === -501000 || /ResourceNotFound|FunctionName|env(ironment)? not found|INVALID_ENV/i.test(errMsg)) {
    return new ServiceError('server', code, NOT_DEPLOYED.title, NOT_DEPLOYED.hint, message);
  }
  // Everything else never reached an answer: request:fail, timeout, offline, TLS, DNS.
  return new ServiceError('network', code, NETWORK.title, NETWORK.hint, message);
}

/**
 * The answer of a call that reached its function: `{ ok: true, … }` is returned as T (the caller
 * names T from the contract); `{ ok: false, code }` and anything unreadable become a ServiceError.
 */
export function readAnswer<T>(name: ClientFunctionName, result: unknown): T {
  if (isRecord(result) && result.ok === true) return result as T;
  if (isRecord(result) && result.ok === false && typeof result.code === 'string' && result.code in BY_CODE) {
    const code = result.code as ErrorCode;
    const { kind, title, hint } = BY_CODE[code];
    throw new ServiceError(kind, code, title, hint, `${name}: ${code} ${String(result.message ?? '')}`);
  }
  throw new ServiceError('server', 'BAD_ANSWER', SERVER.title, SERVER.hint, `${name}: unreadable answer ${JSON.stringify(result)}`);
}

/** Any caught value as a ServiceError (programming errors become a server-kind failure, logged by the caller). */
export function asServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ServiceError('server', 'CLIENT', SERVER.title, SERVER.hint, message);
}
