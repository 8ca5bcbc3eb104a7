// A run fits the function's real time limit (context.time_limit_in_ms), and its claims outlive any
// invocation that could hold them and name the one that does (DESIGN §2, I1, I7): the console's
// default 3 s timeout claims nothing and says so; a budget longer than any fixed lease keeps its
// claims; two instances given the same worker order never both send; stale claims cost a few
// requests a page.
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const duplicates = (cloud: ReminderCloud) => [...cloud.remindersPerUserDay()].filter(([, n]) => n > 1).map(([k]) => k);

async function firstSend(cloud: ReminderCloud): Promise<void> {
  for (let i = 0; i < 10_000 && cloud.emulator.backend.wechat.attempts().length === 0; i++) await sleep(2);
}

describe('deployed with the console\'s default timeout of 3 s', () => {
  let cloud: ReminderCloud;
  beforeAll(async () => {
    cloud = await startReminderCloud({ start: '2026-09-14T02:00:00.000Z', functionTimeoutMs: { sendReminders: 3000 } });
  });
  afterAll(() => cloud.close());

  it('3,000 due users, three firings: nothing is claimed or burnt and every run says why; at 60 s everyone is reminded exactly once', async () => {
    const USERS = 3000;
    cloud.seed(manyUsers(USERS));
    for (let firing = 0; firing < 3; firing++) {
      const run = await cloud.run();
      await cloud.settle();
      expect(run).toMatchObject({ ok: true, timedOut: false });
      expect(run.result).toMatchObject({ due: 0, sent: 0 });
      expect((run.result as { problems: string[] }).problems).toEqual([expect.stringMatching(/time limit is 3 s .*at least 20 s.*nothing is claimed/)]);
      cloud.at(new Date(cloud.now().getTime() + 3600_000));
    }
    expect(cloud.outbox()).toEqual([]);
    expect(cloud.find('credits', { status: { $ne: 'unused' } })).toEqual([]);
    expect(cloud.find('users', { remind: { $ne: null } })).toEqual([]);
    const runs = cloud.find('reminderRuns');
    expect(runs.map((r) => [r.state, (r.problems as string[]).length])).toEqual([['done', 1], ['done', 1], ['done', 1]]);

    cloud.emulator.host.configure('sendReminders', { timeoutMs: 60_000 });
    cloud.atHour(14);
    for (let firing = 0; firing < 5 && cloud.find('users', { lastRemindedDate: cloud.today() }).length < USERS; firing++) {
      expect(await cloud.runAnswer()).toMatchObject({ problems: [] });
      await cloud.settle();
      cloud.at(new Date(cloud.now().getTime() + 3600_000));
    }
    expect(duplicates(cloud)).toEqual([]);
    expect(new Set(cloud.outbox().map((m) => m.touser)).size).toBe(USERS);
    expect(cloud.find('credits', { status: 'used' })).toHaveLength(USERS);
  }, 400_000);
});

describe('claims', () => {
  let cloud: ReminderCloud;
  beforeAll(async () => {
    // The largest budget the configuration accepts, in a function allowed 900 s (newer CloudBase).
    cloud = await startReminderCloud({ start: '2026-09-14T02:00:00.000Z', env: { REMINDER_RUN_BUDGET_MS: '840000', REMINDER_SEND_CONCURRENCY: '1' }, functionTimeoutMs: { sendReminders: 900_000 } });
  });
  afterAll(() => cloud.close());

  it('outlive a run longer than five minutes: a second firing then sends nobody a second message', async () => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(12));
    cloud.emulator.backend.instrument.setLatency('wx.openApi:subscribeMessage.send', 300);
    const first = cloud.run();
    await firstSend(cloud);
    cloud.at(new Date(cloud.now().getTime() + 6 * 60_000)); // the first run is still sending
    const second = await cloud.runAnswer();
    expect((await first).ok).toBe(true);
    await cloud.settle();
    expect(duplicates(cloud)).toEqual([]);
    expect(second).toMatchObject({ sent: 0 });
    expect(cloud.outbox()).toHaveLength(12);
  }, 60_000);

  it('name the invocation holding them: two instances given the same worker order never both remind a user', async () => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(300, 'o-user', 2)); // one credit each would be claimed by one of them only
    cloud.emulator.host.configure('sendReminders', { env: { ...cloud.emulator.host.configuration('sendReminders').env, REMINDER_SEND_CONCURRENCY: '20' } });
    const order = { worker: { runId: 'run_twice_000001', at: cloud.now().toISOString(), shards: [0, 63], budgetMs: 30_000, closed: {} } };
    const both = await Promise.all([0, 1].map(() => cloud.emulator.host.invoke('sendReminders', order, { source: 'wx_trigger,scf' })));
    expect(both.map((r) => r.ok)).toEqual([true, true]);
    expect(duplicates(cloud)).toEqual([]);
    expect(cloud.outbox()).toHaveLength(300);
    expect(both.reduce((n, r) => n + (r.result as { sent: number }).sent, 0)).toBe(300);
  }, 60_000);

  it('left by dead invocations are settled a page at a time, in a few requests', async () => {
    const today = cloud.freshDay(10);
    const ago = (ms: number) => new Date(cloud.now().getTime() - ms);
    // 200 user-days claimed by an invocation that died an hour ago; it had a credit of half of them in flight.
    const stale = { date: today, runId: 'run_dead_000001', owner: 'dead-invocation', state: 'claimed', at: ago(3600_000), expiresAt: ago(3500_000) };
    cloud.seed(manyUsers(200, 'o-stale', 2, { remind: stale }));
    const { db } = cloud.emulator.backend;
    for (const u of cloud.find('users').slice(0, 100)) {
      const [credit] = cloud.find('credits', { openid: u._id });
      db.update('credits', { _id: credit!._id }, { $set: { status: 'sending', runId: stale.runId, owner: stale.owner, sendingAt: stale.at } });
    }
    cloud.emulator.backend.instrument.resetCounts();
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 200, sent: 100, failedBy: { interrupted: 100 } });
    expect(duplicates(cloud)).toEqual([]);
    expect(cloud.find('users', { lastRemindedDate: today })).toHaveLength(200);
    // Today's cost of 100 sends is ~1.1 requests each; the 200 stale claims add a few requests, not one or more each.
    console.log(`200 stale claims, 100 sends: ${cloud.dbRequests()} database requests`);
    expect(cloud.dbRequests()).toBeLessThan(100 * 1.15 + 15);
  }, 60_000);
});
