// Every cloud function answers JSON; failures share one shape (Failure in src/contract.ts).
import type { ErrorCode, Failure } from '../contract';

export function failure(code: ErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

/** Thrown inside handlers to answer a failure; anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (field: string, why: string): AppError => new AppError('INVALID_ARGUMENT', `${field}: ${why}`);
