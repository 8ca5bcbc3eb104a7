// DESIGN §7: until security rules are set, a collection created by code may accept client writes.
// A client's document carries `_openid` (the platform stamps the writer), and no read that decides
// something — check-ins, credits, users, the channels' state — may take it into account. The
// documents are planted through the emulator as the client API stores them (db.clientAdd).
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { addDays } from '../../src/domain/time';
import { newSubscribeCredit, newFormCredit } from '../../src/store/credits';
import { newUser } from '../../src/store/users';
import { startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud } from './support/cloud';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-10-19T02:00:00.000Z' });
});
afterAll(() => cloud.close());

const ATTACKER = 'o-attacker';
/** What a client inserts while the rules let it: any fields, any `_id`; the platform adds `_openid`. */
const plant = (collection: string, doc: Record<string, unknown>) => {
  if (!cloud.emulator.backend.db.collections().includes(collection)) cloud.emulator.backend.db.createCollection(collection);
  return cloud.emulator.backend.db.clientAdd(collection, ATTACKER, doc);
};
const answerToday = (openid: string) => cloud.call('checkIn', { action: 'answer', questionId: questionOfDay(cloud.today(), QUESTION_BANK).id, choice: 0 }, openid);

it('a planted check-in neither checks a user in, nor blocks their own, nor lengthens their streak', async () => {
  const today = cloud.freshDay(10);
  cloud.seed([{ openid: 'o-victim', subscribe: 1 }]);
  for (const date of [today, addDays(today, -1), addDays(today, -2)]) {
    plant('checkins', { _id: `o-victim:${date}`, openid: 'o-victim', date, questionId: 'x', choice: 0, correct: true, points: 10, hour: 8, at: new Date() });
  }
  expect(await cloud.call('checkIn', { action: 'today' }, 'o-victim')).toMatchObject({ checkedIn: false, streak: 0 });
  expect(await answerToday('o-victim')).toMatchObject({ ok: true, alreadyCheckedIn: false, streak: 1 });
  expect(cloud.find('checkins', { openid: 'o-victim', _openid: { $exists: false } }).map((c) => c.date)).toEqual([today]);
});

it('a planted user and planted credits are not reminded, and do not stand in for the real user', async () => {
  const today = cloud.freshDay(10);
  const { wechat } = cloud.emulator.backend;
  // Someone WeChat would deliver to, planted as a due user with a credit.
  wechat.grantSubscribe('o-ghost', SUBSCRIBE_TEMPLATE);
  plant('users', { ...newUser('o-ghost', cloud.now()), nextRemindDate: today });
  plant('credits', { ...newSubscribeCredit('o-ghost', SUBSCRIBE_TEMPLATE, cloud.now(), 'planted', 0) });
  // A user who has not opened the app yet, whose document and credits a client planted first.
  plant('users', { ...newUser('o-newcomer', cloud.now()), enabled: false });
  for (let n = 0; n < 100; n++) plant('credits', { ...newSubscribeCredit('o-newcomer', SUBSCRIBE_TEMPLATE, cloud.now(), 'planted-cap', n) });
  plant('credits', { ...newFormCredit('o-newcomer', 'planted-form', cloud.now(), cloud.now(), 'planted') });

  expect(await cloud.runAnswer()).toMatchObject({ candidates: 0, sent: 0 });
  expect(cloud.outbox()).toEqual([]);

  expect(await cloud.call('reminderSettings', { action: 'get' }, 'o-newcomer')).toMatchObject({ enabled: true, credits: { form: 0, subscribe: 0 } });
  wechat.grantSubscribe('o-newcomer', SUBSCRIBE_TEMPLATE);
  expect(await cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, 'o-newcomer')).toMatchObject({ saved: 1, credits: { subscribe: 1 } });
  expect(cloud.user('o-newcomer')).toMatchObject({ enabled: true, nextRemindDate: today });
  expect(cloud.user('o-newcomer')._openid).toBeUndefined();
  expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  expect(cloud.outbox().map((m) => m.touser)).toEqual(['o-newcomer']);
  expect(cloud.find('credits', { _openid: { $exists: true }, status: 'unused' })).toHaveLength(102);
});

it("a planted channel state neither stops a channel nor claims the day's probe", async () => {
  const today = cloud.freshDay(10);
  cloud.seed([{ openid: 'o-user', subscribe: 1 }]);
  plant('reminderState', { _id: `${today}:subscribe`, date: today, channel: 'subscribe', state: 'stopped' });
  plant('reminderState', { _id: 'retired:subscribe', channel: 'subscribe', state: 'retired', probedOn: addDays(today, -1) });
  expect(await cloud.runAnswer()).toMatchObject({ sent: 1, channels: { subscribe: { state: 'open' } } });
  expect(cloud.emulator.backend.wechat.attempts()).toHaveLength(1);
});

it('a planted spent credit does not make a stale claim count as reminded', async () => {
  const today = cloud.freshDay(10);
  const ago = new Date(cloud.now().getTime() - 3600_000);
  const stale = { date: today, runId: 'run_dead_000002', owner: 'dead-owner', state: 'claimed', at: ago, expiresAt: ago };
  cloud.seed([{ openid: 'o-stale', subscribe: 1, user: { remind: stale } }]);
  plant('credits', { ...newSubscribeCredit('o-stale', SUBSCRIBE_TEMPLATE, ago, 'planted', 0), status: 'used', owner: 'dead-owner', runId: stale.runId });
  expect(await cloud.runAnswer()).toMatchObject({ sent: 1, failedBy: {} });
});
