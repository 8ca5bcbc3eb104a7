// REMINDER_HOLDOUT_PERCENT on the bundled sendReminders (docs/holdout.md): a hash of the OPENID and
// the date holds a due user-day out, every run of the day (and every worker, every continuation)
// agrees, held-out users keep their credits and are not rested, and the day's figures count both
// groups and their check-ins.
import { isHeldOut } from '../../src/domain/holdout';
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { addDays, manyUsers, startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud } from './support/cloud';

const PERCENT = 20;
const openids = (n: number, prefix: string) => manyUsers(n, prefix).map((u) => u.openid);
const predicted = (ids: readonly string[], date: string) => ids.filter((o) => isHeldOut(o, date, PERCENT)).sort();
const remindedUsers = (cloud: ReminderCloud) => [...new Set(cloud.outbox().map((m) => m.touser))].sort();

describe('a 20 % holdout', () => {
  let cloud: ReminderCloud;
  beforeAll(async () => {
    cloud = await startReminderCloud({ start: '2026-11-02T02:00:00.000Z', env: { REMINDER_HOLDOUT_PERCENT: String(PERCENT) } });
  });
  afterAll(() => cloud.close());

  it('holds out the users the hash of OPENID and date names, reminds the others, and every run of the day agrees', async () => {
    const today = cloud.freshDay(10);
    const ids = openids(300, 'o-h');
    cloud.seed(manyUsers(300, 'o-h', 2));
    const heldOut = predicted(ids, today);
    expect(heldOut.length).toBeGreaterThan(40); // about 60 of 300
    expect(heldOut.length).toBeLessThan(80);

    const first = await cloud.runAnswer();
    expect(first).toMatchObject({ due: 300 - heldOut.length, sent: 300 - heldOut.length, heldOut: heldOut.length });
    expect(remindedUsers(cloud)).toEqual(ids.filter((o) => !heldOut.includes(o)));
    for (const openid of heldOut) {
      // Not reminded, every credit kept, not rested: back tomorrow.
      expect(cloud.user(openid)).toMatchObject({ lastRemindedDate: '', nextRemindDate: addDays(today, 1), remind: expect.objectContaining({ date: today, state: 'held-out' }) });
      expect(cloud.find('credits', { openid }).map((c) => c.status)).toEqual(['unused', 'unused']);
    }
    expect(cloud.find('reminderRuns')[0]).toMatchObject({ heldOut: heldOut.length });
    expect(cloud.find('dailyStats')).toEqual([expect.objectContaining({ _id: today, reminded: 300 - heldOut.length, heldOut: heldOut.length })]);

    // A credit saved later that day keeps a held-out user's day done, like a reminded one's.
    const back = heldOut[0]!;
    cloud.emulator.backend.wechat.grantSubscribe(back, SUBSCRIBE_TEMPLATE);
    await cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, back);
    expect(cloud.user(back).nextRemindDate).toBe(addDays(today, 1));
    // A run that reads a held-out user anyway (a document written otherwise) leaves them out and moves them on.
    const again = heldOut[1]!;
    cloud.emulator.backend.db.update('users', { _id: again }, { $set: { nextRemindDate: today } });
    cloud.atHour(15);
    const later = await cloud.runAnswer();
    expect(later).toMatchObject({ candidates: 1, due: 0, heldOut: 0, skippedBy: { 'held-out': 1 } });
    expect(remindedUsers(cloud)).toEqual(ids.filter((o) => !heldOut.includes(o)));
    expect(cloud.user(again).nextRemindDate).toBe(addDays(today, 1));
    expect(cloud.find('dailyStats')[0]).toMatchObject({ heldOut: heldOut.length });

    // The next date draws anew: yesterday's held-out users are reminded unless drawn again.
    const tomorrow = addDays(today, 1);
    cloud.at(new Date(cloud.now().getTime() + 19 * 3600_000)); // 10:00 the next day
    const next = await cloud.runAnswer();
    const heldTomorrow = predicted(ids, tomorrow);
    expect(next).toMatchObject({ heldOut: heldTomorrow.length });
    expect(heldTomorrow).not.toEqual(heldOut);
    const remindedTomorrow = new Set(cloud.outbox().filter((m) => m.at.getTime() >= cloud.now().getTime() - 60_000).map((m) => m.touser));
    expect(heldOut.filter((o) => !heldTomorrow.includes(o)).every((o) => remindedTomorrow.has(o))).toBe(true);
  });

  it('counts the check-ins of both groups on the day and within 2 hours, and only a reminder prompts', async () => {
    const today = cloud.freshDay(10);
    const ids = openids(60, 'o-c');
    cloud.seed(manyUsers(60, 'o-c'));
    await cloud.runAnswer();
    const heldOut = predicted(ids, today);
    const reminded = ids.filter((o) => !heldOut.includes(o));
    const checkIn = (openid: string) => cloud.call('checkIn', { action: 'answer', questionId: questionOfDay(today, QUESTION_BANK).id, choice: 0 }, openid);
    cloud.atHour(11);
    await checkIn(heldOut[0]!);
    await checkIn(reminded[0]!);
    cloud.atHour(15);
    await checkIn(heldOut[1]!);
    await checkIn(reminded[1]!);
    await checkIn(reminded[2]!);
    expect(cloud.find('dailyStats')[0]).toMatchObject({
      heldOut: heldOut.length,
      checkedInHeldOut: 2,
      checkedInWithin2hHeldOut: 1,
      reminded: reminded.length,
      checkedInAfterReminder: 3,
      checkedInWithin2hAfterReminder: 1,
    });
    // The habit learns from the held-out check-in at 11 (unprompted), not from the reminded one.
    expect(cloud.find('checkins', { openid: heldOut[0]! })[0]).toMatchObject({ hour: 11, prompted: false });
    expect(cloud.find('checkins', { openid: reminded[0]! })[0]).toMatchObject({ hour: 11, prompted: true });
    expect(cloud.find('checkins', { openid: reminded[1]! })[0]).toMatchObject({ hour: 15, prompted: false });
  });
});

it('holds out the same users when the run fans out to workers', async () => {
  const cloud = await startReminderCloud({ start: '2026-11-02T02:00:00.000Z', env: { REMINDER_HOLDOUT_PERCENT: String(PERCENT), REMINDER_USERS_PER_WORKER: '40' } });
  try {
    const ids = openids(200, 'o-w');
    cloud.seed(manyUsers(200, 'o-w'));
    const answer = await cloud.runAnswer();
    const heldOut = predicted(ids, cloud.today());
    expect(answer.workers).toBeGreaterThan(1);
    expect(answer).toMatchObject({ heldOut: heldOut.length, sent: 200 - heldOut.length });
    expect(remindedUsers(cloud)).toEqual(ids.filter((o) => !heldOut.includes(o)));
  } finally {
    await cloud.close();
  }
}, 60_000);

it('holds out the same users across a chain of continuations', async () => {
  const cloud = await startReminderCloud({ start: '2026-11-02T02:00:00.000Z', env: { REMINDER_HOLDOUT_PERCENT: String(PERCENT), REMINDER_RUN_BUDGET_MS: '1000' } });
  try {
    const ids = openids(150, 'o-k');
    cloud.seed(manyUsers(150, 'o-k'));
    // 150 users over 20 lanes need ≥ 8 × 170 ms, more than the 1 s budget: the run continues itself.
    cloud.emulator.backend.instrument.setLatency('database.*', 20);
    cloud.emulator.backend.instrument.setLatency('wx.openApi:*', 150);
    const first = await cloud.runAnswer();
    expect(first).toMatchObject({ continued: true });
    await cloud.settle();
    const heldOut = predicted(ids, cloud.today());
    expect(remindedUsers(cloud)).toEqual(ids.filter((o) => !heldOut.includes(o)));
    expect(cloud.outbox()).toHaveLength(150 - heldOut.length);
    expect(cloud.find('reminderRuns').reduce((n, r) => n + (r.heldOut as number), 0)).toBe(heldOut.length);
    expect(cloud.find('dailyStats')[0]).toMatchObject({ heldOut: heldOut.length });
  } finally {
    await cloud.close();
  }
}, 60_000);
