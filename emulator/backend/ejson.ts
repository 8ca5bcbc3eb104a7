// Extended JSON at the two edges of the backend.
// In: the SDK sends canonical EJSON strings (bson 4.7, the SDK's own copy), turned into plain JS
//   values mingo understands (RegExp, Date, numbers), resolving db.serverDate(): the everyday shapes
//   read from plain JSON, anything else by bson, with bson's answers either way.
// Out and on disk: a small encoder of our own (JSON plus `$date`/`$numberDouble`/`$regularExpression`),
//   several times faster than bson's for the shapes documents have, and read back by the SDK's
//   EJSON.parse exactly like canonical EJSON.
import { EJSON } from 'bson';
import { isDate, isRegExp } from './values';

export type Doc = { _id: string } & Record<string, unknown>;

/** A value or query feature the emulator does not model (binary, timestamps, code, a schema keyword…): refused loudly, never stored or matched wrong. */
export class UnsupportedValue extends Error {}

function fromBson(v: unknown, now: () => Date): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isDate(v)) return v;
  if (Array.isArray(v)) return v.map((x) => fromBson(x, now));
  const bsontype = (v as { _bsontype?: string })._bsontype;
  if (bsontype) {
    switch (bsontype) {
      case 'BSONRegExp': {
        const r = v as { pattern: string; options: string };
        return new RegExp(r.pattern, [...new Set(r.options.replace(/[^imsu]/g, ''))].join(''));
      }
      case 'ObjectId':
      case 'ObjectID':
        return (v as { toHexString(): string }).toHexString();
      case 'Decimal128':
        return Number(String(v));
      case 'Int32':
      case 'Double':
      case 'Long':
        return Number((v as { valueOf(): unknown }).valueOf());
      default:
        throw new UnsupportedValue(`unsupported value type ${bsontype}`);
    }
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') return serverDate(obj.$tcb_server_date, now);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = fromBson(obj[k], now);
  return out;
}

/** Keys that make bson read an object as a value of its own (bson 4.7 EJSON's `deserializeValue`). */
const BSON_KEYS = new Set([
  '$oid', '$binary', '$uuid', '$symbol', '$numberInt', '$numberDecimal', '$numberDouble', '$numberLong', '$minKey', '$maxKey',
  '$regex', '$regularExpression', '$timestamp', '$date', '$code', '$scope', '$ref', '$id', '$db', '$dbPointer', '$undefined',
]);
const SAFE_LONG = /^-?\d{1,15}$/;

/** Thrown by the fast reading when a value is not one of the shapes it reads exactly like bson. */
const NOT_PLAIN = new Error('not plain EJSON');

/**
 * What `fromBson(EJSON.parse(text))` gives for the SDK's everyday values, read from plain JSON in
 * one walk (children first, as bson's reviver): `$numberInt`, `$numberDouble`, `$numberLong`
 * within 15 digits, `$date` of a number or a string, `$tcb_server_date`, operators and fields.
 * Anything else bson gives meaning to (ObjectId, regular expression, binary, a DBRef, a key with a
 * NUL, `__proto__`…) throws NOT_PLAIN, and the caller reads the text with bson itself.
 */
function fromPlainJson(v: unknown, now: () => Date): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fromPlainJson(v[i], now);
    return v;
  }
  const obj = v as Record<string, unknown>;
  let special: string | undefined;
  let count = 0;
  for (const k in obj) {
    count++;
    if (k === '__proto__' || k.includes('\u0000')) throw NOT_PLAIN;
    const child = fromPlainJson(obj[k], now);
    obj[k] = child;
    if (k.charCodeAt(0) === 36 /* $ */ && child != null && BSON_KEYS.has(k)) {
      if (special !== undefined) throw NOT_PLAIN;
      special = k;
    }
  }
  if (special === undefined) {
    if (count === 1 && '$tcb_server_date' in obj) return serverDate(obj.$tcb_server_date, now);
    return obj;
  }
  if (count !== 1) throw NOT_PLAIN;
  const x = obj[special];
  switch (special) {
    case '$numberInt':
      return parseInt(x as string, 10);
    case '$numberDouble':
      return parseFloat(x as string);
    case '$numberLong':
      if (typeof x === 'string' && SAFE_LONG.test(x)) return Number(x);
      throw NOT_PLAIN;
    case '$date':
      if (typeof x === 'number') return new Date(x);
      if (typeof x === 'string') return new Date(Date.parse(x));
      throw NOT_PLAIN;
    default:
      throw NOT_PLAIN;
  }
}

function serverDate(spec: unknown, now: () => Date): Date {
  const offset = Number((spec as { offset?: unknown } | null)?.offset ?? 0) || 0;
  return new Date(now().getTime() + offset);
}

/**
 * Decodes one EJSON string from a request; `db.serverDate({offset})` becomes the emulator clock's
 * time + offset. The SDK's everyday shapes are read from plain JSON (several times faster than
 * bson's reviver); anything else by bson, so every answer is bson's.
 */
export function decodeWire(text: string, now: () => Date): unknown {
  try {
    return fromPlainJson(JSON.parse(text), now);
  } catch (error) {
    if (error !== NOT_PLAIN && !(error instanceof SyntaxError)) throw error;
    return decodeWireWithBson(text, now);
  }
}

/** bson's own reading of a request's EJSON: what `decodeWire` answers for every text. */
export function decodeWireWithBson(text: string, now: () => Date): unknown {
  return fromBson(EJSON.parse(text, { relaxed: true }), now);
}

/**
 * The value with dates, non-finite numbers and regular expressions in their EJSON shapes: a copy of
 * what contains one, the same object or array where nothing inside does (a member's 14 recent
 * check-ins are not copied to write one date next to them).
 */
function toEjsonTree(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'number' && !Number.isFinite(v) ? { $numberDouble: String(v) } : v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = toEjsonTree(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (isDate(v)) return { $date: { $numberLong: String(v.getTime()) } };
  if (isRegExp(v)) return { $regularExpression: { pattern: v.source, options: v.flags } };
  const obj = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(obj)) {
    const x = toEjsonTree(obj[k]);
    if (x !== obj[k]) (out ??= { ...obj })[k] = x;
  }
  return out ?? obj;
}

/**
 * Encodes a value as EJSON that bson's EJSON.parse (the SDK) and `decodeStored` both read back.
 * The EJSON shapes put in, then the native stringify: about 3× faster than a JSON.stringify replacer,
 * which runs for every key (every write of the data log goes through here).
 */
export function encode(value: unknown): string {
  return JSON.stringify(toEjsonTree(value));
}

function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const obj = v as Record<string, unknown>;
  if ('$date' in obj) return new Date(Number((obj.$date as { $numberLong: string }).$numberLong));
  if ('$numberDouble' in obj) return Number(obj.$numberDouble);
  if ('$regularExpression' in obj) {
    const r = obj.$regularExpression as { pattern: string; options: string };
    return new RegExp(r.pattern, r.options);
  }
  for (const k in obj) obj[k] = revive(obj[k]);
  return obj;
}

/** Reads back what `encode` wrote (the data log). */
export function decodeStored(text: string): unknown {
  return revive(JSON.parse(text));
}
