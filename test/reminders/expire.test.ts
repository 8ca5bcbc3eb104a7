// expireFormIds (DESIGN §2): bulk expiry, retention, abandoned sends, alongside sendReminders.
import { LONGEST_HOLD_MS } from '../../src/domain/claims';
import { startReminderCloud, type ReminderCloud } from './support/cloud';

const DAY = 86_400_000;
let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-09-10T02:00:00.000Z', legacyForms: true });
});
afterAll(() => cloud.close());

const expire = () => cloud.timer('expireFormIds');
const statusCounts = () => {
  const counts: Record<string, number> = {};
  for (const c of cloud.find('credits')) counts[`${c.kind}:${c.status}`] = (counts[`${c.kind}:${c.status}`] ?? 0) + 1;
  return counts;
};
const ago = (ms: number) => new Date(cloud.now().getTime() - ms);

it('marks every unused form credit past its expireAt expired, a page of 1000 per request', async () => {
  cloud.freshDay(3);
  const stale = Array.from({ length: 2500 }, (_, i) => ({ openid: `o-gone-${i}`, forms: 1, collectedAt: ago(8 * DAY) }));
  cloud.seed([...stale, { openid: 'o-live', forms: 2, subscribe: 2, collectedAt: ago(DAY) }]);
  const answer = await expire();
  expect(answer).toEqual({ ok: true, expired: 2500, deleted: 0, abandoned: 0, checkInsDeleted: 0, runLogsDeleted: 0, requestsDeleted: 0, more: false, problems: [], durationMs: expect.any(Number) });
  expect(statusCounts()).toEqual({ 'form:expired': 2500, 'form:unused': 2, 'subscribe:unused': 2 });
  // A page read and a write per 1000, and per step one read that finds nothing.
  expect(cloud.dbRequests()).toBeLessThanOrEqual(3 * 2 + 5);
  const changedAt = cloud.find('credits', { status: 'expired' }).map((c) => (c.updatedAt as Date).getTime() - cloud.now().getTime());
  expect(Math.min(...changedAt)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...changedAt)).toBeLessThan(60_000);
});

it('deletes used, expired and invalid credits 30 days after their last change, and nothing else', async () => {
  cloud.freshDay(3);
  cloud.seed([{ openid: 'o-old', forms: 6, subscribe: 2, collectedAt: ago(40 * DAY) }]);
  const ids = cloud.find('credits').map((c) => c._id).sort();
  const set = (id: string, status: string, updatedAt: Date) => cloud.emulator.backend.db.update('credits', { _id: id }, { $set: { status, updatedAt } });
  set(ids[0]!, 'used', ago(31 * DAY));
  set(ids[1]!, 'expired', ago(31 * DAY));
  set(ids[2]!, 'invalid', ago(30 * DAY + 1000));
  set(ids[3]!, 'used', ago(29 * DAY));
  set(ids[4]!, 'sending', ago(31 * DAY)); // abandoned: becomes used now, deleted 30 days from now
  set(ids[6]!, 'unused', ago(31 * DAY)); // a subscribe grant: kept whatever its age
  const answer = await expire();
  expect(answer).toMatchObject({ deleted: 3, abandoned: 1 });
  expect(cloud.find('credits').map((c) => c._id).sort()).toEqual(ids.slice(3));
});

it('closes a send left by a dead run, as used, once no invocation could still hold it', async () => {
  cloud.freshDay(10);
  cloud.seed([{ openid: 'o-cut', subscribe: 2 }]);
  const [a, b] = cloud.find('credits').map((c) => c._id);
  cloud.emulator.backend.db.update('credits', { _id: a }, { $set: { status: 'sending', runId: 'run_dead00', updatedAt: ago(LONGEST_HOLD_MS + 1000) } });
  cloud.emulator.backend.db.update('credits', { _id: b }, { $set: { status: 'sending', runId: 'run_live00', updatedAt: ago(1000) } });
  expect(await expire()).toMatchObject({ abandoned: 1 });
  expect(cloud.find('credits').map((c) => `${c._id === a ? 'dead' : 'live'}:${c.status}`).sort()).toEqual(['dead:used', 'live:sending']);
});

it('runs alongside sendReminders without sending an expired form credit or expiring one in flight', async () => {
  cloud.freshDay(10);
  // Form credits from 7 days ago give or take 5 minutes: half expired, half still sendable.
  cloud.seed(Array.from({ length: 40 }, (_, i) => ({ openid: `o-edge-${i}`, forms: [ago(7 * DAY + (i - 20) * 15_000)], subscribe: i % 2 })));
  cloud.emulator.backend.instrument.setLatency('wx.openApi:*', 10);
  const [sendAnswer, first, second] = await Promise.all([cloud.runAnswer(), expire(), expire()]);
  expect(first.expired + second.expired).toBe(20);
  const sentFormIds = new Set(cloud.outbox().filter((m) => m.formId).map((m) => m.formId));
  for (const c of cloud.find('credits', { kind: 'form' })) {
    // Sent exactly when used; never expired and sent; never sent at or after expireAt.
    expect(sentFormIds.has(c.value as string)).toBe(c.status === 'used');
    if (c.status === 'used') expect((c.expireAt as Date).getTime()).toBeGreaterThan(cloud.now().getTime());
  }
  expect(cloud.find('credits').some((c) => c.status === 'sending')).toBe(false);
  expect(sendAnswer.sent).toBe(cloud.outbox().length);
  expect(sentFormIds.size).toBeGreaterThan(10); // the race really had form credits to send
});

it.each(['expireFormIds', 'sendReminders'])('%s refuses a mini-program user and writes nothing', async (name) => {
  cloud.freshDay(10);
  cloud.seed([{ openid: 'o-x', forms: 1, subscribe: 1, collectedAt: ago(8 * DAY) }]);
  const before = JSON.stringify(cloud.find('credits'));
  const answer = await cloud.call(name, { Type: 'Timer' }, 'o-x');
  expect(answer).toEqual({ ok: false, code: 'PERMISSION_DENIED', message: expect.any(String) });
  expect(JSON.stringify(cloud.find('credits'))).toBe(before);
  expect(cloud.dbRequests()).toBe(0);
  expect(cloud.outbox()).toEqual([]);
});

it('keeps credits for the configured retention period', async () => {
  const short = await startReminderCloud({ start: '2026-09-10T02:00:00.000Z', env: { REMINDER_RETENTION_DAYS: '7' } });
  try {
    short.seed([{ openid: 'o-r', subscribe: 2 }]);
    const [a, b] = short.find('credits').map((c) => c._id);
    const at = (days: number) => new Date(short.now().getTime() - days * DAY);
    short.emulator.backend.db.update('credits', { _id: a }, { $set: { status: 'used', updatedAt: at(8) } });
    short.emulator.backend.db.update('credits', { _id: b }, { $set: { status: 'used', updatedAt: at(6) } });
    expect(await short.timer('expireFormIds')).toMatchObject({ deleted: 1 });
    expect(short.find('credits').map((c) => c._id)).toEqual([b]);
  } finally {
    await short.close();
  }
});

it("with the console's default 3 s timeout changes nothing, says why, and is not killed mid-sweep", async () => {
  cloud.freshDay(3);
  cloud.seed(Array.from({ length: 20 }, (_, i) => ({ openid: `o-due-${i}`, forms: 1, collectedAt: ago(8 * DAY) })));
  const { host } = cloud.emulator;
  host.configure('expireFormIds', { timeoutMs: 3000 });
  try {
    const r = await host.invoke('expireFormIds', { Type: 'Timer', TriggerName: 'expiry', Time: cloud.now().toISOString() }, { source: 'wx_trigger' });
    expect(r).toMatchObject({ ok: true, timedOut: false, result: { expired: 0, more: true, problems: [expect.stringMatching(/time limit is 3 s .*Set expireFormIds' timeout to 60 s/)] } });
    expect(statusCounts()).toEqual({ 'form:unused': 20 });
  } finally {
    host.configure('expireFormIds', { timeoutMs: 60_000 });
  }
  expect(await expire()).toMatchObject({ expired: 20, problems: [] });
});
