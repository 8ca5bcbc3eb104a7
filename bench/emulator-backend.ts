// Benchmark of the emulator backend at the project's scale (DESIGN.md §5–6): 100,000 users and
// 300,000 credits, queried through the real wx-server-sdk over HTTP like the functions will.
// Prints figures; asserts nothing.  Run: npx tsx bench/emulator-backend.ts [users=100000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../emulator/backend';
import { realClock } from '../emulator/clock';

const USERS = Number(process.argv[2] ?? 100_000);
const CREDITS_PER_USER = 3;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 1);
const indexes = {
  users: [['nextRemindDate', '_id']],
  credits: [['openid', 'status', 'expireAt'], ['status', 'expireAt']],
};

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;

function seed(backend: Backend): void {
  const t = process.hrtime.bigint();
  for (let from = 0; from < USERS; from += 1000) {
    const users = [];
    const credits = [];
    for (let i = from; i < Math.min(USERS, from + 1000); i++) {
      users.push({ _id: id('u', i), openid: id('o', i), nextRemindDate: new Date(T0 + (i % 3) * DAY), enabled: true, streak: i % 30 });
      for (let k = 0; k < CREDITS_PER_USER; k++) {
        credits.push({ openid: id('o', i), kind: k === 0 ? 'subscribe' : 'form', status: k === 2 ? 'used' : 'unused', expireAt: new Date(T0 + (k + 1) * DAY), value: `${i}-${k}` });
      }
    }
    backend.db.insert('users', users);
    backend.db.insert('credits', credits);
  }
  console.log(`seed: ${USERS} users + ${USERS * CREDITS_PER_USER} credits in ${fmt(ms(t))} ms`);
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

  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: backend.url }),
    TENCENTCLOUD_SECRETID: 'bench',
    TENCENTCLOUD_SECRETKEY: 'bench',
    SCF_NAMESPACE: backend.env,
    TENCENTCLOUD: 'true',
    SILENCE: 'true',
  });
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database();
  const _ = db.command;
  const due = new Date(T0 + DAY);

  // 1. Page through the due users by _id cursor, 1000 at a time (what sendReminders will do).
  const filter = { nextRemindDate: { $lte: due } };
  console.log('plan for a due-user page:', JSON.stringify(backend.db.explain('users', { ...filter, _id: { $gt: '' } }, { sort: { _id: 1 }, limit: 1000 })));
  let cursor = '';
  let pages = 0;
  let seen = 0;
  const times: number[] = [];
  for (;;) {
    t = process.hrtime.bigint();
    const { data } = await db.collection('users').where({ nextRemindDate: _.lte(due), _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(1000).get();
    times.push(ms(t));
    if (data.length === 0) break;
    pages++;
    seen += data.length;
    cursor = data[data.length - 1]._id;
  }
  times.sort((a, b) => a - b);
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`due users: ${seen} in ${pages} pages of ≤1000 over HTTP+SDK: mean ${fmt(avg)} ms/page, median ${fmt(times[times.length >> 1] ?? 0)}, max ${fmt(times[times.length - 1] ?? 0)}`);

  // The same pages served in-process (no HTTP, no EJSON): the store's share.
  const users = backend.db;
  t = process.hrtime.bigint();
  cursor = '';
  for (let p = 0; p < pages; p++) {
    const page = users.find('users', { ...filter, _id: { $gt: cursor } }, { sort: { _id: 1 }, limit: 1000 });
    cursor = page[page.length - 1]?._id ?? cursor;
  }
  console.log(`same pages in-process: ${fmt(ms(t) / pages)} ms/page (includes copying 1000 documents out)`);

  // 2. One user's usable credits, soonest expiry first (index openid+status+expireAt).
  t = process.hrtime.bigint();
  const N = 2000;
  for (let i = 0; i < N; i++) {
    await db.collection('credits').where({ openid: id('o', (i * 7919) % USERS), status: 'unused', expireAt: _.gt(new Date(T0)) }).orderBy('expireAt', 'asc').limit(5).get();
  }
  console.log(`credit lookups by openid: ${fmt(ms(t) / N)} ms/query (sequential, HTTP+SDK)`);
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    users.find('credits', { openid: id('o', (i * 7919) % USERS), status: 'unused', expireAt: { $gt: new Date(T0) } }, { sort: { expireAt: 1 }, limit: 5 });
  }
  console.log(`same lookups in-process: ${fmt((ms(t) * 1000) / N)} µs/query`);

  // 3. Conditional claims (where().update()) 100 at a time, like a send loop marking credits.
  const claimed = backend.db.find('credits', { status: 'unused', kind: 'form' }, { limit: 5000 }).map((d) => d._id);
  t = process.hrtime.bigint();
  for (let i = 0; i < claimed.length; i += 100) {
    await Promise.all(claimed.slice(i, i + 100).map((cid) => db.collection('credits').where({ _id: cid, status: 'unused' }).update({ data: { status: 'sending', updatedAt: db.serverDate() } })));
  }
  console.log(`claims: ${claimed.length} conditional updates, ${fmt(ms(t) / claimed.length)} ms each at 100 concurrent (throughput ${fmt(claimed.length / (ms(t) / 1000))}/s, SDK client in the same process)`);
  const more = backend.db.find('credits', { status: 'unused', kind: 'form' }, { limit: 5000 }).map((d) => d._id);
  t = process.hrtime.bigint();
  for (const cid of more) users.update('credits', { _id: cid, status: 'unused' }, { $set: { status: 'sending', updatedAt: new Date() } });
  console.log(`same claims in-process (store + log write): ${fmt((ms(t) * 1000) / more.length)} µs each`);

  // 4. A count over an indexed range, and the same query without an index (full scan) for contrast.
  t = process.hrtime.bigint();
  const { total } = await db.collection('credits').where({ status: 'unused', expireAt: _.lte(new Date(T0 + DAY)) }).count();
  console.log(`indexed count (${total} matches of ${USERS * CREDITS_PER_USER}): ${fmt(ms(t))} ms`);
  t = process.hrtime.bigint();
  await db.collection('credits').where({ value: `${USERS - 1}-1` }).get();
  console.log(`unindexed equality (full scan of credits): ${fmt(ms(t))} ms`);

  await backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

void main();
