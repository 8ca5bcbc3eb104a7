// `aggregate()…end()`: the SDK's stages as a mingo pipeline. A leading `$match` is answered from
// indexes like a query; `$lookup` (plain or with a pipeline) reads the other collection as it is now
// (a collection that does not exist joins nothing, as in MongoDB).
import { Aggregator } from 'mingo/aggregator';
import type { Doc } from '../ejson';
import { jsonSchemaValidator } from '../store/jsonSchema';
import { PIPELINE_CONTEXT } from '../store/operators';
import type { Store } from '../store/store';
import { DbFailure } from './modify';

/** Stages the cloud has and the emulator does not evaluate: refused by name, never answered wrong. */
const NOT_EMULATED = new Set(['$geoNear']);

export function aggregate(store: Store, name: string, stages: unknown, decode: (text: unknown) => unknown): Doc[] {
  const col = store.mustGet(name);
  const list = Array.isArray(stages) ? (stages as Array<{ stageKey?: unknown; stageValue?: unknown }>) : [];
  const pipeline = list.map((s) => {
    if (typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) throw new DbFailure('INVALID_PARAM', 'bad aggregate stage');
    if (NOT_EMULATED.has(s.stageKey)) throw new DbFailure('DATABASE_REQUEST_FAILED', `${s.stageKey} is not emulated by the local backend`);
    return { [s.stageKey]: decode(s.stageValue) };
  });
  const first = pipeline[0]?.$match as Record<string, unknown> | undefined;
  const input = first ? col.find(first) : [...col.docs.values()];
  const aggregator = new Aggregator(first ? pipeline.slice(1) : pipeline, {
    context: PIPELINE_CONTEXT,
    jsonSchemaValidator,
    collectionResolver: (from: string) => [...(store.get(from)?.docs.values() ?? [])],
  });
  return aggregator.run(input) as Doc[];
}
