import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as collections from '../../src/store/collections';

const root = join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, 'database', file), 'utf8')) as Record<string, unknown>;
const names = [collections.USERS, collections.CREDITS, collections.CHECKINS, collections.REMINDER_RUNS, collections.DAILY_STATS, collections.REMINDER_STATE];

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
  const indexes = readJson('indexes.json') as Record<string, Array<{ name: string; fields: Array<[string, string]>; for: string }>>;

  it('lists every collection the functions use', () => {
    expect(Object.keys(indexes).sort()).toEqual([...names].sort());
  });

  it('gives each index a unique name, ascending or descending fields and the query it serves', () => {
    for (const list of Object.values(indexes)) {
      expect(new Set(list.map((i) => i.name)).size).toBe(list.length);
      for (const index of list) {
        expect(index.fields.length).toBeGreaterThan(0);
        for (const [field, order] of index.fields) {
          expect(field).toMatch(/^[A-Za-z_][\w.]*$/);
          expect(['asc', 'desc']).toContain(order);
        }
        expect(index.for.length).toBeGreaterThan(10);
      }
    }
  });

  it('indexes the live-credit query (openid, status, expireAt) in that order', () => {
    expect(indexes.credits!.map((i) => i.fields.map(([f]) => f).join(','))).toContain('openid,status,expireAt');
  });
});
