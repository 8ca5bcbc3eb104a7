// The result of checking untrusted input: a value, or the field that was wrong and why.
// Handlers turn a failure into INVALID_ARGUMENT with `${field}: ${message}` (DESIGN.md §2).

export type Validation<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

export const valid = <T>(value: T): Validation<T> => ({ ok: true, value });

export const invalidField = (field: string, message: string): { ok: false; field: string; message: string } => ({
  ok: false,
  field,
  message,
});
