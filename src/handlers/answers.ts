// Every cloud function answers JSON; failures share one shape (DESIGN.md §2).

export type ErrorCode = 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'INVALID_ARGUMENT' | 'RESOURCE_EXHAUSTED' | 'UNAVAILABLE' | 'INTERNAL';

export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
}

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
