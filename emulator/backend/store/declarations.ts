// Indexes declared the way CloudBase creates them, so that one file serves the emulator and a
// setup script alike: per collection, the argument of @cloudbase/manager-node's
// `database.updateCollection(collection, …)` (CloudBase API UpdateTable):
//   { "CreateIndexes": [{ "IndexName": "by_owner", "MgoKeySchema": {
//       "MgoIndexKeys": [{ "Name": "owner", "Direction": "1" }], "MgoIsUnique": false } }] }
import type { IndexSpec } from './index';

export interface CreateIndex {
  IndexName: string;
  MgoKeySchema: {
    MgoIndexKeys: Array<{ Name: string; Direction: string }>;
    MgoIsUnique?: boolean;
  };
}

/** Collection name → what updateCollection would be given for it. */
export type IndexDeclarations = Record<string, { CreateIndexes?: CreateIndex[] }>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function readIndex(value: unknown, where: string): IndexSpec {
  if (!isObject(value) || typeof value.IndexName !== 'string' || value.IndexName === '') throw new Error(`${where}: each index needs an IndexName`);
  const name = value.IndexName;
  const schema = value.MgoKeySchema;
  const keys = isObject(schema) ? schema.MgoIndexKeys : undefined;
  if (!isObject(schema) || !Array.isArray(keys) || keys.length === 0) throw new Error(`${where}/${name}: MgoKeySchema.MgoIndexKeys must list at least one field`);
  const fields = keys.map((key: unknown) => {
    if (!isObject(key) || typeof key.Name !== 'string' || key.Name === '') throw new Error(`${where}/${name}: every key needs a Name`);
    // Every index is kept ascending here: plans walk it either way, and an index never changes an answer.
    if (key.Direction !== '1' && key.Direction !== '-1') throw new Error(`${where}/${name}: Direction ${JSON.stringify(key.Direction)} of ${key.Name} is not emulated (only "1" and "-1")`);
    return key.Name;
  });
  if (schema.MgoIsUnique !== undefined && typeof schema.MgoIsUnique !== 'boolean') throw new Error(`${where}/${name}: MgoIsUnique must be true or false`);
  return { name, fields, unique: schema.MgoIsUnique === true };
}

/** The indexes of each collection, checked; `source` names the file or option in errors. */
export function readIndexDeclarations(value: unknown, source: string): Map<string, IndexSpec[]> {
  if (!isObject(value)) throw new Error(`${source}: expected { collection: { CreateIndexes: [...] } }`);
  const out = new Map<string, IndexSpec[]>();
  for (const [collection, declaration] of Object.entries(value)) {
    const where = `${source}: ${collection}`;
    if (!isObject(declaration) || Object.keys(declaration).some((k) => k !== 'CreateIndexes')) throw new Error(`${where}: expected { CreateIndexes: [...] }`);
    const list = declaration.CreateIndexes ?? [];
    if (!Array.isArray(list)) throw new Error(`${where}: CreateIndexes must be a list`);
    const specs = list.map((index) => readIndex(index, where));
    const names = specs.map((s) => s.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) throw new Error(`${where}: two indexes are named ${repeated}`);
    out.set(collection, specs);
  }
  return out;
}
