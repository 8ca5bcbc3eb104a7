// Shared reading of cloud-function events (DESIGN.md §2).
//
// Policy, the same for every function:
// - the event must be an object (undefined/null count as an empty event: a call without data);
// - unknown extra fields are ignored: wx.cloud.callFunction adds `userInfo`, and identity-looking
//   fields (`openid`, `userId`, `_openid`) are never read — identity comes from the context only;
// - a known field that is `undefined` is absent; any other wrong type is INVALID_ARGUMENT naming
//   the field (`null` is a value, accepted only where documented, e.g. reminderSettings `hour`).
import type { Validation } from '../validation';

export type Fields = Readonly<Record<string, unknown>>;

/** Thrown inside a parser, turned into a failed Validation by `parsing`. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

export function parsing<T>(parse: () => T): Validation<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

export function eventFields(event: unknown): Fields {
  if (event === undefined || event === null) return {};
  if (typeof event !== 'object' || Array.isArray(event)) throw new FieldError('event', 'must be an object');
  return event as Fields;
}

export function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `action` field: absent means `fallback`; anything else must be one of `allowed`. */
export function action<A extends string>(fields: Fields, allowed: readonly A[], fallback: A): A {
  const value = fields.action;
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new FieldError('action', `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as A;
}
