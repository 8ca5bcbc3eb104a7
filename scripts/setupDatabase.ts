// npm run setup:database: before the first function runs (DESIGN.md §7), creates every collection
// of database/security-rules.json with its indexes (database/indexes.json) and its security rule,
// through @cloudbase/manager-node. Safe to run again: existing collections and indexes are kept,
// rules are set again. What the console needs by hand instead is in the README's deploy guide.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE } from '../src/config';
import { cloudEnvOf } from '../src/config/deploy';
import { commandLine, readOptions } from './commandLine';

/** The version of @cloudbase/manager-node whose API this script was written against. */
export const MANAGER_VERSION = '5.6.5';

export interface CreateIndex {
  IndexName: string;
  MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean };
}

/** What the script calls of @cloudbase/manager-node's CloudBase (its database service and commonService). */
export interface DatabaseManager {
  database: {
    createCollectionIfNotExists(name: string): Promise<{ IsCreated: boolean }>;
    describeCollection(name: string): Promise<{ Indexes?: Array<{ Name: string }> }>;
    updateCollection(name: string, changes: { CreateIndexes: CreateIndex[] }): Promise<unknown>;
  };
  commonService(service?: string, version?: string): { call(options: { Action: string; Param: Record<string, unknown> }): Promise<unknown> };
}

export interface DatabaseFiles {
  /** database/indexes.json: per collection, UpdateTable's CreateIndexes. */
  indexes: Record<string, { CreateIndexes: CreateIndex[] }>;
  /** database/security-rules.json: per collection, its security rule. */
  rules: Record<string, unknown>;
}

/** Creates the collections, their missing indexes and their rules; `log` says what it did. */
export async function setUpDatabase(manager: DatabaseManager, envId: string, files: DatabaseFiles, log: (line: string) => void): Promise<void> {
  const collections = Object.keys(files.rules);
  const unruled = Object.keys(files.indexes).filter((name) => !collections.includes(name));
  if (unruled.length > 0) throw new Error(`database/indexes.json names ${unruled.join(', ')}, which database/security-rules.json has no rule for`);
  for (const name of collections) {
    const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        throw new Error(`${name}: could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const created = await step('create the collection', () => manager.database.createCollectionIfNotExists(name));
    const existing = new Set(((await step('read its indexes', () => manager.database.describeCollection(name))).Indexes ?? []).map((i) => i.Name));
    const missing = (files.indexes[name]?.CreateIndexes ?? []).filter((i) => !existing.has(i.IndexName));
    if (missing.length > 0) await step('create its indexes', () => manager.database.updateCollection(name, { CreateIndexes: missing }));
    // ModifySafeRule (tcb 2018-06-08): a custom rule, exactly as the file writes it.
    await step('set its security rule', () =>
      manager.commonService('tcb', '2018-06-08').call({ Action: 'ModifySafeRule', Param: { EnvId: envId, CollectionName: name, AclTag: 'CUSTOM', Rule: JSON.stringify(files.rules[name]) } }),
    );
    const indexes = missing.length > 0 ? `indexes added: ${missing.map((i) => i.IndexName).join(', ')}` : 'indexes already there';
    log(`${name}: ${created.IsCreated ? 'created' : 'already there'}; ${indexes}; rule ${JSON.stringify(files.rules[name])}`);
  }
}

const HELP = `npm run setup:database — creates every collection with its indexes and security rule in your
cloud environment, before the functions' first run (safe to run again)

Usage: npm run setup:database -- [options]

Needs @cloudbase/manager-node (npm install --no-save @cloudbase/manager-node@${MANAGER_VERSION}) and the
Tencent Cloud API key of the account that owns the environment in TENCENTCLOUD_SECRETID and
TENCENTCLOUD_SECRETKEY (腾讯云控制台 → 访问管理 → API 密钥). Nothing is written to any file.

Options:
  --env <id>    the environment id (default: cloudEnv in ${CONFIG_FILE})
  --help        this text
`;

async function main(): Promise<void> {
  const options = commandLine('npm run setup:database', HELP, (argv) => readOptions(argv, { env: { type: 'string' }, help: { type: 'boolean', default: false } } as const));
  if (!options) return;
  const root = resolve(__dirname, '..');
  const read = <T>(file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
  const envId = options.env ?? cloudEnvOf(read(CONFIG_FILE));
  if (!envId) throw new Error(`no environment: give --env <id> or set cloudEnv in ${CONFIG_FILE}`);
  const { TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey } = process.env;
  if (!secretId || !secretKey) throw new Error('set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY to an API key of the account that owns the environment');
  let CloudBase: new (config: { secretId: string; secretKey: string; envId: string }) => DatabaseManager;
  try {
    CloudBase = require('@cloudbase/manager-node');
  } catch {
    throw new Error(`@cloudbase/manager-node is not installed: npm install --no-save @cloudbase/manager-node@${MANAGER_VERSION}`);
  }
  await setUpDatabase(new CloudBase({ secretId, secretKey, envId }), envId, { indexes: read('database/indexes.json'), rules: read('database/security-rules.json') }, (line) => console.log(line));
  console.log(`database of ${envId} ready`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`npm run setup:database: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
