// Updates and removals of every document matching a query, as one all-or-nothing store write.
import type { Doc } from '../ejson';
import type { Filter } from '../store/collection';
import type { Store } from '../store/store';
import { compileUpdate } from './modify';

/** Applies `data` (update operators) to the matches; returns how many documents changed. */
export function updateMatching(store: Store, name: string, filter: Filter | undefined, data: unknown, limit?: number): number {
  const targets = store.mustGet(name).find(filter, { limit });
  let apply: ((doc: Doc) => Doc | undefined) | undefined; // compiled at the first match, as before: no match, no check
  return store.write((w) => {
    let n = 0;
    for (const d of targets) {
      apply ??= compileUpdate(data);
      const next = apply(d);
      if (next) {
        w.put(name, next);
        n++;
      }
    }
    return n;
  });
}

export function removeMatching(store: Store, name: string, filter: Filter | undefined, limit?: number): number {
  const targets = store.mustGet(name).find(filter, { limit });
  return store.write((w) => targets.filter((d) => w.del(name, d._id)).length);
}
