// The emulator backend's CPU per request kind, for the requests sendReminders sends (docs/benchmark.md
// "The emulator's CPU per request"): the backend runs in this process, which measures its own CPU
// (process.cpuUsage) around each phase; a child process sends the requests — the SDK's exact JSON
// and multipart shapes, keep-alive, 16 in flight — so no client work is counted. Prints figures;
// asserts nothing.   npx tsx bench/emulatorCpu.ts [users, default 10000]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startBackend } from 'wx-cloud-emulator/backend';
import { virtualClock } from 'wx-cloud-emulator/clock';

const USERS = Number(process.argv[process.argv[2] === 'client' ? 4 : 2] ?? 10000);
const PAGES = Math.max(1, Math.floor(USERS / 1000));
const T0 = Date.UTC(2026, 11, 7, 2);
const TODAY = '2026-12-07';
const pad = (i: number) => String(i).padStart(7, '0');
const ejsonDate = (ms: number) => ({ $date: { $numberLong: String(ms) } });
const int = (n: number) => ({ $numberInt: String(n) });
const page = (i: number, prefix: string, suffix = '') => Array.from({ length: 1000 }, (_, k) => `${prefix}${pad(i * 1000 + k)}${suffix}`);

/** Request kind → how many, and the request body for the i-th one. */
const KINDS: Array<[string, number, (i: number) => Record<string, unknown> | string]> = [
  ['page of 1000 candidate users (get)', PAGES, (i) => ({ action: 'database.getDocument', collectionName: 'users', query: JSON.stringify({ shard: { $in: Array.from({ length: 64 }, (_, s) => int(s)) }, nextRemindDate: { $lte: TODAY }, _id: { $gt: `o${pad(i * 1000)}` } }), order: JSON.stringify({ _id: int(1) }), limit: 1000 })],
  ['live credits of 1000 users (get)', PAGES, (i) => ({ action: 'database.getDocument', collectionName: 'credits', query: JSON.stringify({ openid: { $in: page(i, 'o') }, status: 'unused', expireAt: { $gt: ejsonDate(T0) } }), order: JSON.stringify({ openid: int(1), expireAt: int(1), _id: int(1) }), projection: JSON.stringify({ openid: int(1), kind: int(1), value: int(1), status: int(1), expireAt: int(1) }), limit: 1000 })],
  ['claim of 1000 users (update)', PAGES, (i) => ({ action: 'database.modifyDocument', collectionName: 'users', multi: true, merge: true, upsert: false, query: JSON.stringify({ _id: { $in: page(i, 'o') }, enabled: true, lastRemindedDate: { $lt: TODAY } }), data: JSON.stringify({ $set: { remind: { date: TODAY, runId: 'run-1', state: 'claimed', at: ejsonDate(T0) } }, $inc: { rev: int(1) } }) })],
  ['claim of one credit (update)', USERS, (i) => ({ action: 'database.modifyDocument', collectionName: 'credits', multi: true, merge: true, upsert: false, query: JSON.stringify({ _id: `c${pad(i)}0`, status: 'unused', expireAt: { $gt: ejsonDate(T0 + 60000) }, voidRun: { $ne: 'run-1' } }), data: JSON.stringify({ $set: { status: 'sending', runId: 'run-1', sendingAt: ejsonDate(T0), updatedAt: ejsonDate(T0) }, $inc: { attempts: int(1) } }) })],
  ['subscribeMessage.send', USERS, (i) => `o${pad(i)}`],
  ['1000 credits settled (update)', PAGES, (i) => ({ action: 'database.modifyDocument', collectionName: 'credits', multi: true, merge: true, upsert: false, query: JSON.stringify({ _id: { $in: page(i, 'c', '0') }, runId: 'run-1' }), data: JSON.stringify({ $set: { status: 'used', updatedAt: ejsonDate(T0) } }) })],
  ['1000 users marked reminded (update)', PAGES, (i) => ({ action: 'database.modifyDocument', collectionName: 'users', multi: true, merge: true, upsert: false, query: JSON.stringify({ _id: { $in: page(i, 'o') }, 'remind.runId': 'run-1' }), data: JSON.stringify({ $set: { remind: { date: TODAY, runId: 'run-1', state: 'done', at: ejsonDate(T0) }, lastRemindedDate: TODAY, nextRemindDate: '2026-12-08', updatedAt: ejsonDate(T0) }, $inc: { rev: int(1) } }) })],
  ['document that does not exist (get)', USERS, (i) => ({ action: 'database.getDocument', collectionName: 'users', query: JSON.stringify({ _id: `x${pad(i)}` }), limit: 1 })],
];

const SDK_FIELDS = { envName: 'local-env', wxCloudApiToken: '', wxCloudbaseAccesstoken: '', tcb_sessionToken: '', crossAuthorizationToken: '' };
const BOUNDARY = '--------------------------0dab818fd7e9b43b52ba5f14';

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n);
  return Buffer.from(out);
}
const field = (n: number, data: Buffer) => Buffer.concat([varint((n << 3) | 2), varint(data.length), data]);

/** subscribeMessage.send as wx-server-sdk sends it: multipart with a protobuf CommApiData. */
function sendBody(openid: string): Buffer {
  const args = { touser: openid, page: 'pages/index/index', data: { thing1: { value: '每日答题' }, number2: { value: '12' }, thing3: { value: '今天还没有打卡' } }, template_id: 'TPL' };
  const pairs = Object.entries(args).map(([k, v]) => field(1, Buffer.concat([field(1, Buffer.from(k)), field(2, Buffer.from(JSON.stringify(v)))])));
  const part = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return Buffer.concat([
    Buffer.from(part('action', 'wx.openApi') + part('apiName', 'subscribeMessage.send')),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="requestData"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    field(2, Buffer.concat(pairs)),
    Buffer.from(`\r\n${Object.entries(SDK_FIELDS).map(([k, v]) => part(k, v)).join('')}--${BOUNDARY}--\r\n`),
  ]);
}

async function client(url: string): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let failed = '';
  // An answer with a CloudBase error code or a WeChat errcode other than 0 means the figures measure a refusal.
  const post = (body: Buffer, type: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': type, 'content-length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
          const text = Buffer.concat(chunks).toString('latin1');
          if (/"code":|"errcode":[1-9-]/.test(text)) failed ||= text.slice(0, 200);
          resolve();
        });
      });
      req.on('error', reject).end(body);
    });
  const next = () => new Promise((resolve) => process.once('message', resolve));
  for (const [kind, count, make] of KINDS) {
    process.send!({ kind });
    await next();
    let i = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (i < count) {
        const body = make(i++);
        await (typeof body === 'string' ? post(sendBody(body), `multipart/form-data; boundary=${BOUNDARY}`) : post(Buffer.from(JSON.stringify({ queryType: 'WHERE', ...body, ...SDK_FIELDS })), 'application/json'));
      }
    }));
    if (failed) console.error(`${kind}: a request was refused: ${failed}`);
    failed = '';
    process.send!({ kind, done: count });
    await next();
  }
  agent.destroy();
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-cpu-'));
  const backend = await startBackend({
    clock: virtualClock(new Date(T0), { flowing: false }),
    dataDir,
    indexes: JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'database', 'indexes.json'), 'utf8')),
    account: { templates: { TPL: { kind: 'subscribe', title: '打卡提醒', content: '答题:{{thing1.DATA}}\n连续天数:{{number2.DATA}}\n提示:{{thing3.DATA}}' } } },
  });
  for (let from = 0; from < USERS; from += 1000) {
    const users = [];
    const credits = [];
    for (let i = from; i < Math.min(USERS, from + 1000); i++) {
      const streak = i % 2 === 0 ? 1 + (i % 30) : 0;
      const recentCheckIns = Array.from({ length: Math.min(streak, 14) }, (_, k) => ({ date: `2026-11-${String(10 + k).padStart(2, '0')}`, hour: 9 }));
      users.push({ _id: `o${pad(i)}`, enabled: true, hour: null, checkIns: streak, correct: streak, points: 10 * streak, streak, bestStreak: streak, lastCheckInDate: streak ? '2026-12-06' : null, recentCheckIns, lastRemindedDate: '', nextRemindDate: TODAY, remind: null, shard: i % 64, creditsRev: 1, rev: 0, createdAt: new Date(T0), updatedAt: new Date(T0) });
      for (let n = 0; n < 2; n++) credits.push({ _id: `c${pad(i)}${n}`, openid: `o${pad(i)}`, kind: 'subscribe', value: 'TPL', status: 'unused', expireAt: new Date('9999-12-31T00:00:00Z'), saveId: `s${i}`, attempts: 0, createdAt: new Date(T0), updatedAt: new Date(T0) });
      backend.wechat.grantSubscribe(`o${pad(i)}`, 'TPL', 2);
    }
    backend.db.insert('users', users);
    backend.db.insert('credits', credits);
  }
  console.log(`emulator backend CPU per request kind — ${USERS} users, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const child = fork(__filename, ['client', backend.url, String(USERS)], { execArgv: ['--import', 'tsx'] });
  let mark = process.cpuUsage();
  child.on('message', (m: { kind: string; done?: number }) => {
    if (m.done === undefined) mark = process.cpuUsage();
    else {
      const used = process.cpuUsage(mark);
      console.log(`${m.kind.padEnd(38)} ${String(m.done).padStart(6)} requests  ${((used.user + used.system) / m.done).toFixed(0).padStart(7)} µs CPU each`);
    }
    child.send('next');
  });
  await new Promise((resolve) => child.on('exit', resolve));
  await backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (process.argv[2] === 'client') void client(process.argv[3] as string);
else void main();
