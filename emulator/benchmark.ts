// The backend's own benchmark: a loyalty mini-program with 100,000 members and 300,000 vouchers,
// queried through the real wx-server-sdk over HTTP the way cloud functions do (paging by cursor,
// per-member lookups, conditional claims), next to the same work in-process (the store's share).
// Prints figures; asserts nothing.  Run: npx tsx benchmark.ts [--members 100000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sdkEnvironment, startBackend, type Backend, type IndexDeclarations } from './backend';
import { realClock } from './clock';

const { values } = parseArgs({ options: { members: { type: 'string', default: '100000' } } });
const MEMBERS = Number(values.members);
if (!(Number.isInteger(MEMBERS) && MEMBERS > 0)) throw new Error(`--members must be a positive whole number, got ${values.members}`);
const VOUCHERS_PER_MEMBER = 3;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 1);
const index = (IndexName: string, fields: string[]) => ({ IndexName, MgoKeySchema: { MgoIndexKeys: fields.map((Name) => ({ Name, Direction: '1' })), MgoIsUnique: false } });
const indexes: IndexDeclarations = {
  members: { CreateIndexes: [index('nextVisit_id', ['nextVisit', '_id'])] },
  vouchers: { CreateIndexes: [index('owner_status_expireAt', ['owner', 'status', 'expireAt']), index('status_expireAt', ['status', 'expireAt'])] },
};

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;

function seed(backend: Backend): void {
  const t = process.hrtime.bigint();
  for (let from = 0; from < MEMBERS; from += 1000) {
    const members = [];
    const vouchers = [];
    for (let i = from; i < Math.min(MEMBERS, from + 1000); i++) {
      members.push({ _id: id('m', i), owner: id('o', i), nextVisit: new Date(T0 + (i % 3) * DAY), active: true, visits: i % 30 });
      for (let k = 0; k < VOUCHERS_PER_MEMBER; k++) {
        vouchers.push({ owner: id('o', i), kind: k === 0 ? 'gift' : 'discount', status: k === 2 ? 'used' : 'unused', expireAt: new Date(T0 + (k + 1) * DAY), code: `${i}-${k}` });
      }
    }
    backend.db.insert('members', members);
    backend.db.insert('vouchers', vouchers);
  }
  console.log(`seed: ${MEMBERS} members + ${MEMBERS * VOUCHERS_PER_MEMBER} vouchers in ${fmt(ms(t))} ms`);
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-backend-'));
  let backend = await startBackend({ clock: realClock(), dataDir, indexes });
  seed(backend);
  await backend.close();
  console.log(`data log: ${(fs.statSync(path.join(dataDir, 'db.jsonl')).size / 1e6).toFixed(1)} MB`);
  let t = process.hrtime.bigint();
  backend = await startBackend({ clock: realClock(), dataDir, indexes });
  console.log(`restart (load + index build): ${fmt(ms(t))} ms; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

  Object.assign(process.env, sdkEnvironment(backend));
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database();
  const _ = db.command;
  const due = new Date(T0 + DAY);

  // 1. Page through the members due a visit by _id cursor, 1000 at a time (a timer function's sweep).
  const filter = { nextVisit: { $lte: due } };
  console.log('plan for a page of due members:', JSON.stringify(backend.db.explain('members', { ...filter, _id: { $gt: '' } }, { sort: { _id: 1 }, limit: 1000 })));
  let cursor = '';
  let pages = 0;
  let seen = 0;
  const times: number[] = [];
  for (;;) {
    t = process.hrtime.bigint();
    const { data } = await db.collection('members').where({ nextVisit: _.lte(due), _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(1000).get();
    times.push(ms(t));
    if (data.length === 0) break;
    pages++;
    seen += data.length;
    cursor = data[data.length - 1]._id;
  }
  times.sort((a, b) => a - b);
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`due members: ${seen} in ${pages} pages of ≤1000 over HTTP+SDK: mean ${fmt(avg)} ms/page, median ${fmt(times[times.length >> 1] ?? 0)}, max ${fmt(times[times.length - 1] ?? 0)}`);

  // The same pages served in-process (no HTTP, no EJSON): the store's share.
  const direct = backend.db;
  t = process.hrtime.bigint();
  cursor = '';
  for (let p = 0; p < pages; p++) {
    const page = direct.find('members', { ...filter, _id: { $gt: cursor } }, { sort: { _id: 1 }, limit: 1000 });
    cursor = page[page.length - 1]?._id ?? cursor;
  }
  console.log(`same pages in-process: ${fmt(ms(t) / pages)} ms/page (includes copying 1000 documents out)`);

  // 2. One member's usable vouchers, soonest expiry first (index owner+status+expireAt).
  t = process.hrtime.bigint();
  const N = 2000;
  for (let i = 0; i < N; i++) {
    await db.collection('vouchers').where({ owner: id('o', (i * 7919) % MEMBERS), status: 'unused', expireAt: _.gt(new Date(T0)) }).orderBy('expireAt', 'asc').limit(5).get();
  }
  console.log(`voucher lookups by owner: ${fmt(ms(t) / N)} ms/query (sequential, HTTP+SDK)`);
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    direct.find('vouchers', { owner: id('o', (i * 7919) % MEMBERS), status: 'unused', expireAt: { $gt: new Date(T0) } }, { sort: { expireAt: 1 }, limit: 5 });
  }
  console.log(`same lookups in-process: ${fmt((ms(t) * 1000) / N)} µs/query`);

  // 3. Conditional claims (where().update()) 100 at a time, like a worker marking what it takes.
  const claimed = direct.find('vouchers', { status: 'unused', kind: 'discount' }, { limit: 5000 }).map((d) => d._id);
  t = process.hrtime.bigint();
  for (let i = 0; i < claimed.length; i += 100) {
    await Promise.all(claimed.slice(i, i + 100).map((cid) => db.collection('vouchers').where({ _id: cid, status: 'unused' }).update({ data: { status: 'claimed', updatedAt: db.serverDate() } })));
  }
  console.log(`claims: ${claimed.length} conditional updates, ${fmt(ms(t) / claimed.length)} ms each at 100 concurrent (throughput ${fmt(claimed.length / (ms(t) / 1000))}/s, SDK client in the same process)`);
  const more = direct.find('vouchers', { status: 'unused', kind: 'discount' }, { limit: 5000 }).map((d) => d._id);
  t = process.hrtime.bigint();
  for (const cid of more) direct.update('vouchers', { _id: cid, status: 'unused' }, { $set: { status: 'claimed', updatedAt: new Date() } });
  console.log(`same claims in-process (store + log write): ${fmt((ms(t) * 1000) / more.length)} µs each`);

  // 4. A count over an indexed range, and the same query without an index (full scan) for contrast.
  t = process.hrtime.bigint();
  const { total } = await db.collection('vouchers').where({ status: 'unused', expireAt: _.lte(new Date(T0 + DAY)) }).count();
  console.log(`indexed count (${total} matches of ${MEMBERS * VOUCHERS_PER_MEMBER}): ${fmt(ms(t))} ms`);
  t = process.hrtime.bigint();
  await db.collection('vouchers').where({ code: `${MEMBERS - 1}-1` }).get();
  console.log(`unindexed equality (full scan of vouchers): ${fmt(ms(t))} ms`);

  await backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

void main();
