// The update operators writes are evaluated with: mingo's, called directly (mingo.update() rebuilds
// its operator context on every call, ~200 µs), and for the commonest shape — `$set` and `$inc` of
// top-level fields, what nearly every write of a page sends — a replacement that gives mingo's
// answer without mingo's per-document path machinery (~20 µs a document: option objects, a path
// validator and a graph walk for each field). Any other path (dotted, positional, `_id`, `__proto__`)
// is left to mingo. test/emulator/backend-operators.test.ts pins both against mingo's own.
import * as mingoUpdate from 'mingo/operators/update';
import * as mingoUtil from 'mingo/util';

// Taken out once: mingo's CommonJS build exports through getters, a call each time a name is read.
const { isArray, isDate, isEqual, isNumber, isObject, isRegExp } = mingoUtil;

export type UpdateOperator = (expr: Record<string, unknown>) => (doc: Record<string, unknown>) => string[];

/** mingo's own update operators, for the tests that pin the replacements against them. */
export const MINGO_UPDATE_OPERATORS = mingoUpdate as unknown as Readonly<Record<string, UpdateOperator>>;

/** A field mingo would write at the top level of the document, with nothing for its path checks to refuse. */
const topLevel = (field: string) => field !== '' && field !== '_id' && field !== '__proto__' && !field.includes('.') && !field.includes('$');

/** How mingo stores a `$set` value (its default "copy" mode): one level copied. */
function copied(v: unknown): unknown {
  if (isDate(v)) return new Date(v as Date);
  if (isArray(v)) return (v as unknown[]).slice();
  if (isObject(v)) return Object.assign({}, v);
  if (isRegExp(v)) return new RegExp(v as RegExp);
  return v;
}

const $set: UpdateOperator = (expr) => {
  const fields = Object.keys(expr);
  if (!fields.every(topLevel)) return MINGO_UPDATE_OPERATORS.$set!(expr);
  return (doc) => {
    const changed: string[] = [];
    for (const f of fields) {
      if (isEqual(doc[f], expr[f])) continue;
      doc[f] = copied(expr[f]);
      changed.push(f);
    }
    return changed.sort();
  };
};

const $inc: UpdateOperator = (expr) => {
  const fields = Object.keys(expr);
  if (!fields.every((f) => topLevel(f) && isNumber(expr[f]))) return MINGO_UPDATE_OPERATORS.$inc!(expr);
  return (doc) => {
    const changed: string[] = [];
    for (const f of fields) {
      const previous = doc[f];
      if (!isNumber(previous) && previous !== undefined) continue; // mingo leaves a non-number alone
      doc[f] = ((previous as number | undefined) || 0) + (expr[f] as number);
      if (doc[f] !== previous) changed.push(f);
    }
    return changed.sort();
  };
};

export const UPDATE_OPERATORS: Readonly<Record<string, UpdateOperator>> = { ...MINGO_UPDATE_OPERATORS, $set, $inc };
