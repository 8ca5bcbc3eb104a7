// `field()` projections. The SDK's everyday shape — top-level fields included (or excluded) by
// name — is applied directly, as MongoDB does: `_id` first unless excluded, then the document's
// fields in its own order. mingo's $project, which answers the same fields and values, spent ~13 µs
// a document on path machinery. Anything else (dotted paths, operators, expressions) goes to mingo.
import { Query } from 'mingo/query';
import type { Doc } from '../ejson';
import { PIPELINE_OPTIONS } from '../store/operators';

const plainField = (f: string) => f !== '' && f !== '__proto__' && !f.includes('.') && !f.startsWith('$');
const excludes = (v: unknown) => v === false || v === 0;
const includes = (v: unknown) => v === true || (typeof v === 'number' && v !== 0 && !Number.isNaN(v));

/** The fields a top-level projection keeps or drops, or undefined when it is not one (then mingo projects). */
export function topLevel(projection: Record<string, unknown>): { keep: Set<string>; id: boolean } | { drop: Set<string> } | undefined {
  const fields = Object.keys(projection).filter((f) => f !== '_id');
  if (!fields.every(plainField) || ('_id' in projection && !includes(projection._id) && !excludes(projection._id))) return undefined;
  if (fields.length === 0 ? includes(projection._id) : fields.every((f) => includes(projection[f]))) return { keep: new Set(fields), id: !excludes(projection._id) };
  if (fields.every((f) => excludes(projection[f])) && !includes(projection._id)) return { drop: new Set(excludes(projection._id) ? [...fields, '_id'] : fields) };
  return undefined;
}

export function project(docs: Doc[], projection: Record<string, unknown>): Record<string, unknown>[] {
  const plan = topLevel(projection);
  if (!plan) return new Query({}, PIPELINE_OPTIONS).find(docs, projection).all() as Record<string, unknown>[];
  return docs.map((doc) => {
    const out: Record<string, unknown> = 'keep' in plan && plan.id ? { _id: doc._id } : {};
    for (const f of Object.keys(doc)) {
      if ('keep' in plan ? plan.keep.has(f) : !plan.drop.has(f)) out[f] = doc[f];
    }
    return out;
  });
}
