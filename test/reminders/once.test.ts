// I1: at most one reminder per user per Shanghai date — when the timer fires twice, when runs
// overlap, when instances die at random points, in a run that does the work itself and in one
// that fans out to workers. After a crash, the next run (once the dead run's claims expired)
// completes the day.
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

const USERS = 40;

function expectAtMostOncePerDay(cloud: ReminderCloud): void {
  const repeated = [...cloud.remindersPerUserDay()].filter(([, n]) => n > 1);
  expect(repeated).toEqual([]);
}

/** Every user is reminded today (delivered, or presumed so by at most once). */
function expectDayComplete(cloud: ReminderCloud): void {
  const notReminded = cloud.find('users').filter((u) => u.lastRemindedDate !== cloud.today()).map((u) => u._id);
  expect(notReminded).toEqual([]);
}

/** Starts a run, kills one of its busy instances `afterMs` after its first send went out, and waits for the run to end. */
async function killDuring(cloud: ReminderCloud, afterMs: number, pick: (ids: string[]) => string | undefined): Promise<void> {
  const running = cloud.run();
  const deadline = Date.now() + 20_000;
  while (cloud.emulator.backend.wechat.attempts().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  await new Promise((r) => setTimeout(r, afterMs));
  const victim = pick(cloud.emulator.host.instances().filter((i) => i.name === 'sendReminders' && i.busy).map((i) => i.id));
  if (victim) cloud.emulator.host.killInstance(victim);
  await running;
  await cloud.settle();
}

describe.each([
  ['a run that reminds by itself', {}],
  ['a run fanned out to workers', { REMINDER_USERS_PER_WORKER: '15' }],
])('%s', (_, env: Record<string, string>) => {
  let cloud: ReminderCloud;
  beforeAll(async () => {
    cloud = await startReminderCloud({ start: '2026-08-10T02:00:00.000Z', env });
  });
  afterAll(() => cloud.close());

  it('sends nothing more when the timer fires twice', async () => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(USERS));
    const first = await cloud.runAnswer();
    const second = await cloud.runAnswer();
    expect(first).toMatchObject({ due: USERS, sent: USERS, remaining: 0 });
    expect(second).toMatchObject({ due: 0, sent: 0 });
    expect(cloud.outbox()).toHaveLength(USERS);
  });

  it('reminds each user once when two runs overlap', async () => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(USERS));
    cloud.emulator.backend.instrument.setLatency('wx.openApi:*', 10);
    const answers = await Promise.all([cloud.runAnswer(), cloud.runAnswer()]);
    expectAtMostOncePerDay(cloud);
    expect(cloud.outbox()).toHaveLength(USERS);
    expect(answers.reduce((n, a) => n + a.sent, 0)).toBe(USERS);
  });

  it.each([0, 40, 120])('completes the day without a second reminder after an instance dies %i ms after its first send', async (afterMs) => {
    cloud.freshDay(10);
    // Some users hold one credit, some two: a dead run's in-flight credit may be a user's last one.
    cloud.seed([...manyUsers(USERS / 2, 'o-one', 1), ...manyUsers(USERS / 2, 'o-two', 2)]);
    cloud.emulator.backend.instrument.setLatency('wx.openApi:*', 20);
    // The last busy instance: the coordinator is the first one, its workers come after.
    await killDuring(cloud, afterMs, (ids) => ids[ids.length - 1]);
    cloud.pastClaims();
    const next = await cloud.runAnswer();
    await cloud.settle();
    expect(next.remaining).toBe(0);
    expectAtMostOncePerDay(cloud);
    expectDayComplete(cloud);
    // Users counted reminded without a message: only sends in flight when it died (20 lanes an instance).
    const messaged = new Set(cloud.outbox().map((m) => m.touser));
    const presumed = cloud.find('users').filter((u) => !messaged.has(u._id)).length;
    expect(presumed).toBeLessThanOrEqual(20 * (env.REMINDER_USERS_PER_WORKER ? 3 : 1));
  });

  it('is not stopped by its time limit: given 400 ms it claims nothing, answers in time, and the next run completes the day', async () => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(USERS));
    cloud.emulator.backend.instrument.setLatency('database.*', 20);
    cloud.emulator.backend.instrument.setLatency('wx.openApi:*', 150);
    const cut = await cloud.run({ timeoutMs: 400 });
    await cloud.settle();
    expect(cut).toMatchObject({ ok: true, timedOut: false, result: { due: 0, problems: [expect.stringMatching(/time limit is 0.4 s/)] } });
    expect(cloud.find('users', { remind: { $ne: null } })).toEqual([]);
    await cloud.runAnswer();
    await cloud.settle();
    expectAtMostOncePerDay(cloud);
    expectDayComplete(cloud);
  });
});
