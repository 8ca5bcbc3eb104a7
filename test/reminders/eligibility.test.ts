// DESIGN §2 "who is due", one rule per test, on the bundled functions: rules 1-5, the effective
// hour (chosen, learned, default), the quiet hours, and which credit is spent.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { addDays, startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud } from './support/cloud';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-09-01T02:00:00.000Z', legacyForms: true });
});
afterAll(() => cloud.close());

const reminded = () => cloud.outbox().map((m) => m.touser).sort();
const checkIn = (openid: string) => cloud.call('checkIn', { action: 'answer', questionId: questionOfDay(cloud.today(), QUESTION_BANK).id, choice: 0 }, openid);

describe('rules 1-5', () => {
  it('does not remind a user who switched reminders off, and stops reading them', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-off', subscribe: 1 }, { openid: 'o-on', subscribe: 1 }]);
    await cloud.call('reminderSettings', { action: 'set', enabled: false }, 'o-off');
    const answer = await cloud.runAnswer();
    expect(reminded()).toEqual(['o-on']);
    expect(cloud.user('o-off').nextRemindDate).toBe('9999-12-31');
    expect(answer.candidates).toBe(1);
  });

  it('does not remind a user who already checked in today', async () => {
    const today = cloud.freshDay(10);
    cloud.seed([{ openid: 'o-done', subscribe: 1 }, { openid: 'o-todo', subscribe: 1 }]);
    await checkIn('o-done');
    await cloud.runAnswer();
    expect(reminded()).toEqual(['o-todo']);
    expect(cloud.user('o-done').nextRemindDate).toBe(addDays(today, 1));
  });

  it('does not remind a user twice on one date', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-once', subscribe: 3 }]);
    await cloud.runAnswer();
    cloud.atHour(15);
    expect(await cloud.runAnswer()).toMatchObject({ due: 0, sent: 0 });
    expect(reminded()).toEqual(['o-once']);
  });

  it('does not remind a user without a usable credit, rests them, and reminds them once they save one', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-empty', user: { nextRemindDate: '2026-01-01' } }]);
    expect(await cloud.runAnswer()).toMatchObject({ due: 0, skipped: 1, skippedBy: { 'no-credit': 1 } });
    expect(cloud.user('o-empty').nextRemindDate).toBe('9999-12-31');
    cloud.emulator.backend.wechat.grantSubscribe('o-empty', SUBSCRIBE_TEMPLATE);
    await cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, 'o-empty');
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });

  it('never sends a form credit that expires before the send could finish', async () => {
    cloud.freshDay(10);
    // Collected 7 days minus 30 s ago: alive, but not for the minute a send may take.
    const collectedAt = new Date(cloud.now().getTime() - 7 * 86_400_000 + 30_000);
    cloud.seed([{ openid: 'o-old', forms: 1, collectedAt }]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 0, skippedBy: { 'no-credit': 1 } });
    expect(cloud.outbox()).toEqual([]);
  });
});

describe('effective hour and quiet hours', () => {
  it('waits for the hour the user chose', async () => {
    cloud.freshDay(14);
    cloud.seed([{ openid: 'o-15', subscribe: 1, user: { hour: 15 } }]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 0, skippedBy: { 'too-early': 1 } });
    cloud.atHour(15);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });

  it('reminds an hour before the habitual check-in hour learned from the last 14 days', async () => {
    const today = cloud.freshDay(17);
    const recentCheckIns = [1, 2, 3].map((n) => ({ date: addDays(today, -n), hour: 19 }));
    cloud.seed([{ openid: 'o-habit', subscribe: 1, user: { recentCheckIns, lastCheckInDate: addDays(today, -1), streak: 3 } }]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 0, skippedBy: { 'too-early': 1 } });
    cloud.atHour(18);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
    expect(cloud.outbox()[0]!.data.thing2!.value).toBe('已连续答题3天，今天还没签到哦');
  });

  it('uses the default hour 10 for a user without a choice or a habit', async () => {
    cloud.freshDay(9);
    cloud.seed([{ openid: 'o-new', subscribe: 1 }]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 0, skippedBy: { 'too-early': 1 } });
    cloud.atHour(10);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });

  it.each([
    [22, 0],
    [7, 59],
  ])('sends nothing and reads nothing in the quiet hours (%i:%i Shanghai)', async (hour, minute) => {
    cloud.freshDay(hour, minute);
    cloud.seed([{ openid: 'o-night', subscribe: 1, user: { hour: 8 } }]);
    expect(await cloud.runAnswer()).toMatchObject({ quietHours: true, due: 0, sent: 0 });
    expect(cloud.dbRequests()).toBe(0);
  });

  it.each([
    [8, 0],
    [21, 59],
  ])('sends at the edges of the window (%i:%i Shanghai)', async (hour, minute) => {
    cloud.freshDay(hour, minute);
    cloud.seed([{ openid: 'o-edge', subscribe: 1, user: { hour: 8 } }]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });
});

describe('which credit is spent', () => {
  it('spends form credits before subscribe credits, the soonest-expiring first', async () => {
    cloud.freshDay(10);
    const daysAgo = (n: number) => new Date(cloud.now().getTime() - n * 86_400_000);
    cloud.seed([{ openid: 'o-pool', subscribe: 1, forms: [daysAgo(1), daysAgo(3), daysAgo(2)] }]);
    const soonest = cloud.find('credits', { kind: 'form' }).find((c) => (c.expireAt as Date).getTime() === daysAgo(3).getTime() + 7 * 86_400_000)!;
    await cloud.runAnswer();
    expect(cloud.emulator.backend.wechat.attempts()).toEqual([expect.objectContaining({ api: 'templateMessage.send', formId: soonest.value })]);
  });

  it('does not send a subscribe grant given for another template, and keeps it', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-other', subscribe: 1 }]);
    cloud.emulator.backend.db.update('credits', {}, { $set: { value: 'TPL_OLD' } });
    expect(await cloud.runAnswer()).toMatchObject({ sent: 0, skippedBy: { unconfigured: 1 } });
    expect(cloud.find('credits').map((c) => c.status)).toEqual(['unused']);
  });
});
