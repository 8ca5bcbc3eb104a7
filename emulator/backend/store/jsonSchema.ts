// `$jsonSchema` queries: MongoDB's dialect of JSON Schema draft 4 (bsonType, no $ref), which mingo
// leaves to a validator the caller supplies. Keywords outside the list below are refused by name
// rather than ignored, so a query never silently matches more than the cloud's would. Numbers are
// one type here (the SDK's EJSON does not keep int/long/double apart): `int` and `long` match integers.
import { UnsupportedValue } from '../ejson';
import { isDate, isPlainObject, isRegExp } from '../values';

type Schema = Record<string, unknown>;
type Check = (v: unknown) => boolean;

const BSON_TYPES: Record<string, Check> = {
  double: (v) => typeof v === 'number',
  number: (v) => typeof v === 'number',
  decimal: (v) => typeof v === 'number',
  int: (v) => Number.isInteger(v),
  long: (v) => Number.isInteger(v),
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  object: isPlainObject,
  array: Array.isArray,
  null: (v) => v === null,
  date: isDate,
  regex: isRegExp,
  objectId: () => false,
  binData: () => false,
};
const JSON_TYPES: Record<string, Check> = { ...BSON_TYPES, boolean: BSON_TYPES.bool! };

const IGNORED = new Set(['title', 'description']);

function typeCheck(names: unknown, table: Record<string, Check>, keyword: string): Check {
  const list = (Array.isArray(names) ? names : [names]).map((n) => {
    const check = typeof n === 'string' ? table[n] : undefined;
    if (!check) throw new Error(`$jsonSchema ${keyword} ${JSON.stringify(n)} is not known`);
    return check;
  });
  return (v) => list.some((c) => c(v));
}

const num = (s: Schema, k: string) => s[k] as number;

/** One check per keyword; the schema matches when every check holds. */
function compileSchema(schema: unknown): Check {
  if (!isPlainObject(schema)) throw new Error('$jsonSchema needs an object');
  const s = schema;
  const checks: Check[] = [];
  const objects = (c: (o: Record<string, unknown>) => boolean) => checks.push((v) => !isPlainObject(v) || c(v));
  const arrays = (c: (a: unknown[]) => boolean) => checks.push((v) => !Array.isArray(v) || c(v));
  const numbers = (c: (n: number) => boolean) => checks.push((v) => typeof v !== 'number' || c(v));
  const strings = (c: (t: string) => boolean) => checks.push((v) => typeof v !== 'string' || c(v));
  for (const key of Object.keys(s)) {
    const value = s[key];
    switch (key) {
      case 'bsonType': checks.push(typeCheck(value, BSON_TYPES, key)); break;
      case 'type': checks.push(typeCheck(value, JSON_TYPES, key)); break;
      case 'enum': checks.push((v) => (value as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(v))); break;
      case 'required': objects((o) => (value as string[]).every((k) => o[k] !== undefined)); break;
      case 'properties': {
        const props = Object.entries(value as Schema).map(([k, sub]) => [k, compileSchema(sub)] as const);
        objects((o) => props.every(([k, c]) => o[k] === undefined || c(o[k])));
        break;
      }
      case 'additionalProperties': {
        const known = new Set(Object.keys((s.properties as Schema | undefined) ?? {}));
        const extra = value === false ? () => false : value === true ? () => true : compileSchema(value);
        objects((o) => Object.keys(o).every((k) => known.has(k) || extra(o[k])));
        break;
      }
      case 'minProperties': objects((o) => Object.keys(o).length >= (value as number)); break;
      case 'maxProperties': objects((o) => Object.keys(o).length <= (value as number)); break;
      case 'minimum': numbers((n) => (s.exclusiveMinimum === true ? n > num(s, key) : n >= num(s, key))); break;
      case 'maximum': numbers((n) => (s.exclusiveMaximum === true ? n < num(s, key) : n <= num(s, key))); break;
      case 'exclusiveMinimum': case 'exclusiveMaximum': break; // read with minimum/maximum
      case 'multipleOf': numbers((n) => n % (value as number) === 0); break;
      case 'minLength': strings((t) => Array.from(t).length >= (value as number)); break;
      case 'maxLength': strings((t) => Array.from(t).length <= (value as number)); break;
      case 'pattern': { const re = new RegExp(value as string, 'u'); strings((t) => re.test(t)); break; }
      case 'items': {
        if (Array.isArray(value)) { const each = value.map(compileSchema); arrays((a) => each.every((c, i) => i >= a.length || c(a[i]))); }
        else { const each = compileSchema(value); arrays((a) => a.every(each)); }
        break;
      }
      case 'minItems': arrays((a) => a.length >= (value as number)); break;
      case 'maxItems': arrays((a) => a.length <= (value as number)); break;
      case 'uniqueItems': arrays((a) => !value || new Set(a.map((e) => JSON.stringify(e))).size === a.length); break;
      case 'allOf': { const all = (value as unknown[]).map(compileSchema); checks.push((v) => all.every((c) => c(v))); break; }
      case 'anyOf': { const any = (value as unknown[]).map(compileSchema); checks.push((v) => any.some((c) => c(v))); break; }
      case 'oneOf': { const one = (value as unknown[]).map(compileSchema); checks.push((v) => one.filter((c) => c(v)).length === 1); break; }
      case 'not': { const not = compileSchema(value); checks.push((v) => !not(v)); break; }
      default:
        if (!IGNORED.has(key)) throw new UnsupportedValue(`$jsonSchema keyword ${key} is not emulated`);
    }
  }
  return (v) => checks.every((c) => c(v));
}

/** mingo's `jsonSchemaValidator` option: the top level of a document is an object. */
export function jsonSchemaValidator(schema: Record<string, unknown>): (doc: unknown) => boolean {
  return compileSchema(schema);
}
