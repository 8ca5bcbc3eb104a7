import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../src/store/collections';

const root = join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, 'database', file), 'utf8')) as Record<string, unknown>;
/** The one list of collections (src/store/collections.ts), which deleteMyData follows. */
const names = Object.keys(COLLECTIONS);

describe('database/security-rules.json', () => {
  const rules = readJson('security-rules.json');

  it('has a rule for exactly the collections the functions use', () => {
    expect(Object.keys(rules).sort()).toEqual([...names].sort());
  });

  it.each(names)('denies the mini-program every read and write of %s', (name) => {
    expect(rules[name]).toEqual({ read: false, write: false });
  });
});

describe('database/indexes.json', () => {
  type CreateIndex = { IndexName: string; MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean } };
  const indexes = readJson('indexes.json') as Record<string, { CreateIndexes: CreateIndex[] }>;
  const fieldsOf = (index: CreateIndex) => index.MgoKeySchema.MgoIndexKeys.map((k) => k.Name);
  /** docs/data-model.md's index table: collection, name, fields, the query it serves (built-in `_id_` rows left out). */
  const documented = readFileSync(join(root, 'docs', 'data-model.md'), 'utf8')
    .split('\n')
    .map((line) => /^\| `(\w+)` \| `(\w+)` \| ([^|]+) \| ([^|]+) \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[2] !== '_id_')
    .map(([, collection, name, fields, serves]) => ({ collection, name, fields: [...fields!.matchAll(/`(\w+)`/g)].map((f) => f[1]), serves: serves!.trim() }));

  it('lists every collection the functions use, each as the CreateIndexes that @cloudbase/manager-node takes', () => {
    expect(Object.keys(indexes).sort()).toEqual([...names].sort());
    for (const declaration of Object.values(indexes)) expect(Object.keys(declaration)).toEqual(['CreateIndexes']);
  });

  it('gives each index a unique name, named fields in ascending or descending order, and a uniqueness flag', () => {
    for (const { CreateIndexes: list } of Object.values(indexes)) {
      expect(new Set(list.map((i) => i.IndexName)).size).toBe(list.length);
      for (const index of list) {
        expect(index.IndexName).toMatch(/^[A-Za-z_]\w*$/);
        expect(index.MgoKeySchema.MgoIndexKeys.length).toBeGreaterThan(0);
        for (const key of index.MgoKeySchema.MgoIndexKeys) {
          expect(key.Name).toMatch(/^[A-Za-z_][\w.]*$/);
          expect(['1', '-1']).toContain(key.Direction);
        }
        expect(typeof index.MgoKeySchema.MgoIsUnique).toBe('boolean');
      }
    }
  });

  it('is the index table of docs/data-model.md, which says the query each index serves', () => {
    const declared = Object.entries(indexes).flatMap(([collection, d]) => d.CreateIndexes.map((i) => ({ collection, name: i.IndexName, fields: fieldsOf(i) })));
    expect(documented.map(({ serves: _, ...index }) => index)).toEqual(declared);
    for (const row of documented) expect(row.serves.length).toBeGreaterThan(10);
  });

  it('indexes the live-credit query (openid, status, expireAt) in that order', () => {
    expect(indexes.credits!.CreateIndexes.map((i) => fieldsOf(i).join(','))).toContain('openid,status,expireAt');
  });
});
