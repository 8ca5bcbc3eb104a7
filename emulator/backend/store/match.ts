// A compiled query predicate. mingo's top-level `Query` copies every operator table (hundreds of
// expression operators) on each construction; queries are compiled with options built once
// (./operators.ts), which copy nothing per query.
import { Query } from 'mingo/query';
import { QUERY_OPTIONS } from './operators';

export type Predicate = (doc: Record<string, unknown>) => boolean;

export function compile(filter: Record<string, unknown> | undefined): Predicate {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  const query = new Query(filter, QUERY_OPTIONS);
  return (doc) => query.test(doc);
}
