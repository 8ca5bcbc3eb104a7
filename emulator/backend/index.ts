// The emulator's CloudBase backend: the HTTP server wx-server-sdk talks to (database, open API,
// callFunction forwarding), its storage, the simulated WeChat and the instrumentation.
// See docs/backend.md.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Clock } from '../clock';
import { callerToken, type Caller } from './callers';
import { DatabaseActions } from './db/actions';
import { directDb, type BackendDb } from './db/direct';
import { Instruments, type Instrumentation } from './instrument';
import { createServer, type FunctionInvoker } from './server';
import { readIndexDeclarations, type IndexDeclarations } from './store/declarations';
import type { IndexSpec } from './store/index';
import { Store } from './store/store';
import { WeChatSimulator, type TemplateMessageMode, type WeChatAccount } from './wechat/simulator';

export type { BackendDb } from './db/direct';
export type { Caller } from './callers';
export type { FaultRule, Instrumentation } from './instrument';
export type { CreateIndex, IndexDeclarations } from './store/declarations';
export type { Attempt, OutboxEntry, TemplateListEntry, TemplateSpec, TemplateMessageMode, WeChatAccount } from './wechat/simulator';
export { sdkEnvironment } from './sdkEnvironment';
export { callerToken };

export interface BackendOptions {
  clock: Clock;
  /** null = in memory only; else persisted in this folder and loaded again on the next start. */
  dataDir: string | null;
  /** Default 0 = any free port; always binds 127.0.0.1. */
  port?: number;
  /** Environment id, default 'local-env'. */
  env?: string;
  /**
   * Indexes per collection as CloudBase creates them (a console-format indexes file), added to
   * those in `<dataDir>/indexes.json`; `_id` is always indexed. They outlive a wipe.
   */
  indexes?: IndexDeclarations;
  /** Seed of rate-based fault injection (default 1). */
  seed?: number;
  /** The mini-program's templates, released pages and templateMessage.send mode; they outlive a wipe. */
  account?: WeChatAccount;
}

export type BackendWeChat = Omit<WeChatSimulator, 'send' | 'recordFault' | 'wipe' | 'close'>;

export interface Backend {
  /** e.g. 'http://127.0.0.1:PORT/admin' — goes into TCB_CONTEXT_CNFG={"URL":...}. */
  readonly url: string;
  readonly port: number;
  readonly env: string;
  readonly db: BackendDb;
  readonly wechat: BackendWeChat;
  readonly instrument: Instrumentation;
  /** Called for cloud.callFunction({name, data}) made by a function; the host registers it. */
  setFunctionInvoker(invoker: FunctionInvoker): void;
  /** Empties the database and the simulated WeChat (grants, form ids, outbox, attempts). */
  wipe(): void;
  close(): Promise<void>;
}

export const DB_FILE = 'db.jsonl';
export const WECHAT_FILE = 'wechat.jsonl';
export const INDEXES_FILE = 'indexes.json';
const LOCK_FILE = 'LOCK';

/** Indexes declared in `<dataDir>/indexes.json` (the same format as the `indexes` option), checked. */
function readIndexFile(dataDir: string): Map<string, IndexSpec[]> {
  const file = path.join(dataDir, INDEXES_FILE);
  if (!fs.existsSync(file)) return new Map();
  return readIndexDeclarations(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, file);
}

function mergeIndexes(a: Map<string, IndexSpec[]>, b: Map<string, IndexSpec[]>): Map<string, IndexSpec[]> {
  const out = new Map(a);
  for (const [name, list] of b) out.set(name, [...(out.get(name) ?? []), ...list]);
  return out;
}

const lockedHere = new Set<string>();

/** One backend per data folder: a second one would interleave writes in the same log. */
function lock(dataDir: string): () => void {
  const dir = path.resolve(dataDir);
  if (lockedHere.has(dir)) throw new Error(`${dataDir} is in use by another backend in this process; close it first`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const pid = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
  if (pid && pid !== process.pid && isAlive(pid)) throw new Error(`${dataDir} is in use by process ${pid}; stop that emulator first`);
  fs.writeFileSync(file, String(process.pid));
  lockedHere.add(dir);
  return () => {
    lockedHere.delete(dir);
    fs.rmSync(file, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes the stored data of a folder (database and simulated WeChat); keeps indexes.json. */
export function wipeDataDir(dataDir: string): void {
  for (const f of [DB_FILE, WECHAT_FILE, `${DB_FILE}.tmp`, `${WECHAT_FILE}.tmp`]) fs.rmSync(path.join(dataDir, f), { force: true });
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const env = options.env ?? 'local-env';
  const dir = options.dataDir;
  const unlock = dir ? lock(dir) : () => undefined;
  let store: Store | undefined;
  let wechat: WeChatSimulator | undefined;
  try {
    const indexes = mergeIndexes(dir ? readIndexFile(dir) : new Map(), readIndexDeclarations(options.indexes ?? {}, 'the indexes option'));
    store = new Store({ file: dir ? path.join(dir, DB_FILE) : null, indexes });
    wechat = new WeChatSimulator(options.clock, dir ? path.join(dir, WECHAT_FILE) : null, options.account);
  } catch (error) {
    store?.close();
    unlock();
    throw error;
  }
  const db = new DatabaseActions(store, options.clock);
  const instruments = new Instruments(options.seed ?? 1);
  let invoker: FunctionInvoker | undefined;
  const { server, stop } = createServer({ env, db, wechat, instruments, invoker: () => invoker });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    store.close();
    wechat.close();
    unlock();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const sim = wechat;
  const data = store;
  const wipe = () => {
    db.tx.abortAll();
    data.wipe();
    sim.wipe();
  };
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/admin`,
    port,
    env,
    db: directDb(data, wipe),
    wechat: sim,
    instrument: instruments,
    setFunctionInvoker(fn) {
      invoker = fn;
    },
    wipe,
    async close() {
      if (closed) return;
      closed = true;
      await stop();
      data.close();
      sim.close();
      unlock();
    },
  };
}

export type { FunctionInvoker };
