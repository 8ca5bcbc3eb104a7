// npm run setup:database with a recording stand-in for @cloudbase/manager-node: nothing here
// reaches a real cloud; what is checked is what the script is given and the calls it makes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUpDatabase, type CreateIndex, type DatabaseFiles, type DatabaseManager } from '../../scripts/setupDatabase';

const root = join(__dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(join(root, 'database', file), 'utf8'));
const files: DatabaseFiles = { indexes: read('indexes.json'), rules: read('security-rules.json') };

/** A manager that records every call; `existing` collections and indexes are already there. */
function recordingManager(existing: Record<string, string[]> = {}, failOn?: string) {
  const calls: unknown[][] = [];
  const manager: DatabaseManager = {
    database: {
      async createCollectionIfNotExists(name) {
        calls.push(['createCollectionIfNotExists', name]);
        if (name === failOn) throw new Error('ResourceUnavailable');
        return { IsCreated: !(name in existing) };
      },
      async describeCollection(name) {
        calls.push(['describeCollection', name]);
        return { Indexes: [{ Name: '_id_' }, ...(existing[name] ?? []).map((Name) => ({ Name }))] };
      },
      async updateCollection(name, changes) {
        calls.push(['updateCollection', name, changes.CreateIndexes.map((i: CreateIndex) => i.IndexName)]);
        return {};
      },
    },
    commonService(service, version) {
      return { call: async (options) => void calls.push(['commonService', service, version, options]) };
    },
  };
  return { manager, calls };
}

it('creates all seven collections, each with its indexes and a custom rule that is the file\'s rule', async () => {
  const { manager, calls } = recordingManager();
  const lines: string[] = [];
  await setUpDatabase(manager, 'prod-3g4k', files, (l) => lines.push(l));
  const collections = Object.keys(files.rules);
  expect(collections).toHaveLength(7);
  expect(calls.filter((c) => c[0] === 'createCollectionIfNotExists').map((c) => c[1])).toEqual(collections);
  for (const name of collections) {
    const indexes = files.indexes[name]!.CreateIndexes.map((i) => i.IndexName);
    expect(calls.filter((c) => c[0] === 'updateCollection' && c[1] === name)).toEqual(indexes.length ? [['updateCollection', name, indexes]] : []);
    expect(calls).toContainEqual(['commonService', 'tcb', '2018-06-08', { Action: 'ModifySafeRule', Param: { EnvId: 'prod-3g4k', CollectionName: name, AclTag: 'CUSTOM', Rule: '{"read":false,"write":false}' } }]);
  }
  expect(lines[0]).toBe('users: created; indexes added: shard_nextRemindDate; rule {"read":false,"write":false}');
});

it('run again, keeps what is there and adds only the missing indexes', async () => {
  const { manager, calls } = recordingManager({ users: ['shard_nextRemindDate'], credits: ['openid_status_expireAt'], checkins: ['date'], reminderRuns: [], dailyStats: [], reminderState: [], saveRequests: ['expireAt'] });
  const lines: string[] = [];
  await setUpDatabase(manager, 'prod-3g4k', files, (l) => lines.push(l));
  expect(calls.filter((c) => c[0] === 'updateCollection')).toEqual([
    ['updateCollection', 'credits', ['status_expireAt', 'status_updatedAt']],
    ['updateCollection', 'reminderRuns', ['date']],
  ]);
  expect(lines[0]).toBe('users: already there; indexes already there; rule {"read":false,"write":false}');
});

it('stops at a failure, naming the collection and the step', async () => {
  const { manager, calls } = recordingManager({}, 'credits');
  await expect(setUpDatabase(manager, 'e', files, () => undefined)).rejects.toThrow('credits: could not create the collection: ResourceUnavailable');
  expect(calls.filter((c) => c[0] === 'createCollectionIfNotExists').map((c) => c[1])).toEqual(['users', 'credits']);
});

it('refuses index declarations for a collection without a rule', async () => {
  const { manager } = recordingManager();
  await expect(setUpDatabase(manager, 'e', { ...files, indexes: { ...files.indexes, orders: { CreateIndexes: [] } } }, () => undefined)).rejects.toThrow(/names orders, which database\/security-rules.json has no rule for/);
});

it('from the command line, says what it needs before touching anything', () => {
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/setupDatabase.ts'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
  expect(run({}).stderr).toMatch(/no environment: give --env <id> or set cloudEnv in app\.config\.json/);
  expect(run({}, '--env', 'prod-3g4k').stderr).toMatch(/set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY/);
  expect(run({}, '--help').stdout).toMatch(/npm install --no-save @cloudbase\/manager-node@5\.6\.5/);
});
