// The data folder: what a backend stored is there after a restart, a torn or killed write leaves it
// readable, compaction keeps the data, and wipe empties it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DB_FILE, startBackend, wipeDataDir } from '../../emulator/backend';
import { virtualClock } from '../../emulator/clock';
import { START, startWithSdk } from './support/sdk';

let dir: string;
const clock = virtualClock(START, { flowing: false });
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backend-data-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('documents, indexes and the simulated WeChat survive a restart', async () => {
  const h = await startWithSdk({ dataDir: dir, account: { templateMessageMode: 'legacy' } });
  await h.db.createCollection('users');
  await h.db.collection('users').add({ data: [{ _id: 'u1', at: new Date('2024-01-02T03:04:05.678Z'), n: 1 }, { _id: 'u2' }] });
  await h.db.collection('users').doc('u1').update({ data: { n: h.db.command.inc(1) } });
  await h.db.collection('users').doc('u2').remove();
  h.backend.db.ensureIndex('users', ['n']);
  h.backend.wechat.grantSubscribe('u1', 'T', 3);
  const formId = h.backend.wechat.issueFormId('u1');
  await h.backend.close();

  const again = await startBackend({ clock, dataDir: dir });
  try {
    expect(again.db.collections()).toEqual(['users']);
    expect(again.db.find('users', {})).toEqual([{ _id: 'u1', at: new Date('2024-01-02T03:04:05.678Z'), n: 2 }]);
    expect(again.db.explain('users', { n: 2 })).toMatchObject({ kind: 'index', index: 'n_1' });
    expect(again.wechat.remainingGrants('u1', 'T')).toBe(3);
    expect(again.wechat.templateMessageMode()).toBe('retired');
    again.wechat.setTemplateMessageMode('legacy');
    again.wechat.registerTemplate('F', { kind: 'form', title: '发货通知', content: '单号:{{keyword1.DATA}}' });
  } finally {
    await again.close();
  }
  expect(formId).toMatch(/^[0-9a-f]{32}$/);
});

test('a torn last line is ignored and cut off, and later writes are kept', async () => {
  const b1 = await startBackend({ clock, dataDir: dir });
  b1.db.insert('t', [{ _id: 'a' }, { _id: 'b' }]);
  await b1.close();
  fs.appendFileSync(path.join(dir, DB_FILE), '[{"o":"put","c":"t","d":{"_id":"half');

  const b2 = await startBackend({ clock, dataDir: dir });
  expect(b2.db.find('t').map((d) => d._id)).toEqual(['a', 'b']);
  b2.db.insert('t', { _id: 'c' });
  await b2.close();

  const b3 = await startBackend({ clock, dataDir: dir });
  expect(b3.db.find('t').map((d) => d._id)).toEqual(['a', 'b', 'c']);
  await b3.close();
});

test('damage in the middle of the log is reported, not silently dropped', async () => {
  const b1 = await startBackend({ clock, dataDir: dir });
  b1.db.insert('t', { _id: 'a' });
  await b1.close();
  const file = path.join(dir, DB_FILE);
  fs.writeFileSync(file, 'garbage\n' + fs.readFileSync(file, 'utf8'));
  await expect(startBackend({ clock, dataDir: dir })).rejects.toThrow(/damaged/);
});

test('a process killed while writing leaves a readable store with every acknowledged batch', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/crashWriter.ts'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let acknowledged = 0;
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const last = /ack (\d+)\n(?![\s\S]*ack)/.exec(chunk.toString());
      if (last) acknowledged = Math.max(acknowledged, Number(last[1]));
      if (acknowledged >= 4000) {
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        child.once('exit', () => resolve());
      }
    });
  });

  const b = await startBackend({ clock, dataDir: dir });
  try {
    const docs = b.db.find('crash', {}, {});
    expect(docs.length).toBeGreaterThanOrEqual(acknowledged);
    expect(docs.length % 20).toBe(0); // a batch is all or nothing
    expect(docs.every((d) => d.payload === 'x'.repeat(4000) && d.at instanceof Date)).toBe(true);
  } finally {
    await b.close();
  }
}, 60_000);

test('restarting compacts a log full of overwritten versions without losing data', async () => {
  const b1 = await startBackend({ clock, dataDir: dir });
  b1.db.insert('c', { _id: 'counter', n: 0 });
  for (let i = 0; i < 3000; i++) b1.db.update('c', { _id: 'counter' }, { $inc: { n: 1 } });
  await b1.close();
  const before = fs.statSync(path.join(dir, DB_FILE)).size;
  const b2 = await startBackend({ clock, dataDir: dir });
  expect(b2.db.find('c')).toEqual([{ _id: 'counter', n: 3000 }]);
  await b2.close();
  expect(fs.statSync(path.join(dir, DB_FILE)).size).toBeLessThan(before / 100);
});

test('wipe empties the database and WeChat state, and stays empty after a restart', async () => {
  const b1 = await startBackend({ clock, dataDir: dir });
  b1.db.insert('w', { _id: 'x' });
  b1.wechat.grantSubscribe('o', 'T');
  b1.wipe();
  expect(b1.db.collections()).toEqual([]);
  expect(b1.wechat.remainingGrants('o', 'T')).toBe(0);
  b1.db.insert('w2', { _id: 'y' });
  await b1.close();
  const b2 = await startBackend({ clock, dataDir: dir });
  expect(b2.db.collections()).toEqual(['w2']);
  await b2.close();
  wipeDataDir(dir);
  const b3 = await startBackend({ clock, dataDir: dir });
  expect(b3.db.collections()).toEqual([]);
  await b3.close();
});

test('indexes declared in indexes.json (CloudBase\'s CreateIndexes format) are built, outlive a wipe, and a bad declaration stops the start', async () => {
  const index = (IndexName: string, fields: string[], MgoIsUnique = false) => ({ IndexName, MgoKeySchema: { MgoIndexKeys: fields.map((Name) => ({ Name, Direction: '1' })), MgoIsUnique } });
  const declare = (declarations: unknown) => fs.writeFileSync(path.join(dir, 'indexes.json'), JSON.stringify(declarations));
  declare({ credits: { CreateIndexes: [index('live_credits', ['openid', 'status', 'expireAt']), index('unique_value', ['value'], true)] } });
  const b = await startBackend({ clock, dataDir: dir });
  const plan = () => b.db.explain('credits', { openid: 'o', status: 'unused' }, { sort: { expireAt: 1 }, limit: 10 });
  b.db.insert('credits', [{ _id: 'c1', openid: 'o', status: 'unused', expireAt: new Date(5), value: 'v1' }]);
  expect(plan()).toMatchObject({ kind: 'index', index: 'live_credits' });
  expect(() => b.db.insert('credits', { _id: 'c2', value: 'v1' })).toThrow(/E11000.*unique_value/);
  b.wipe();
  b.db.insert('credits', [{ _id: 'c1', openid: 'o', status: 'unused', expireAt: new Date(5), value: 'v1' }]);
  expect(plan()).toMatchObject({ kind: 'index', index: 'live_credits' });
  await b.close();
  declare({ credits: { CreateIndexes: [index('nothing', [])] } });
  await expect(startBackend({ clock, dataDir: dir })).rejects.toThrow(/credits\/nothing: MgoKeySchema.MgoIndexKeys must list at least one field/);
  declare({ places: { CreateIndexes: [{ IndexName: 'near', MgoKeySchema: { MgoIndexKeys: [{ Name: 'at', Direction: '2dsphere' }] } }] } });
  await expect(startBackend({ clock, dataDir: dir })).rejects.toThrow(/places\/near: Direction "2dsphere" of at is not emulated/);
});

test('a second backend cannot open a data folder that is in use', async () => {
  const b = await startBackend({ clock, dataDir: dir });
  const second = startBackend({ clock, dataDir: dir });
  await expect(second).rejects.toThrow(/in use/);
  await second.then((s) => s.close(), () => undefined);
  await b.close();
  await (await startBackend({ clock, dataDir: dir })).close();
});
