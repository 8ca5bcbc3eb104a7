// Shanghai-date edges: dates and hours are Asia/Shanghai whatever UTC says. The send window is
// opened to 0-23 here so that runs happen on both sides of Shanghai midnight (16:00 UTC).
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { startReminderCloud, type ReminderCloud } from './support/cloud';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-10-01T00:00:00.000Z', env: { REMINDER_WINDOW: '0-23' } });
});
afterAll(() => cloud.close());

it('reminds again just after Shanghai midnight although the UTC date has not changed', async () => {
  cloud.at('2026-10-05T15:30:00.000Z'); // 23:30 on 10-05 in Shanghai
  cloud.seed([{ openid: 'o-late', subscribe: 2, user: { hour: 0 } }]);
  expect(await cloud.runAnswer()).toMatchObject({ date: '2026-10-05', hour: 23, sent: 1 });
  expect(cloud.user('o-late')).toMatchObject({ lastRemindedDate: '2026-10-05', nextRemindDate: '2026-10-06' });

  cloud.at('2026-10-05T16:10:00.000Z'); // 00:10 on 10-06 in Shanghai, still 10-05 in UTC
  expect(await cloud.runAnswer()).toMatchObject({ date: '2026-10-06', hour: 0, sent: 1 });
  expect(cloud.outbox().map((m) => m.data.date3!.value)).toEqual(['2026年10月5日', '2026年10月6日']);
  expect(cloud.remindersPerUserDay()).toEqual(new Map([['o-late@2026-10-05', 1], ['o-late@2026-10-06', 1]]));
});

it('counts a check-in at 23:50 Shanghai for that date only', async () => {
  cloud.at('2026-10-07T15:50:00.000Z'); // 23:50 on 10-07 in Shanghai
  cloud.seed([{ openid: 'o-owl', subscribe: 2, user: { hour: 0 } }]);
  await cloud.call('checkIn', { action: 'answer', questionId: questionOfDay('2026-10-07', QUESTION_BANK).id, choice: 1 }, 'o-owl');
  cloud.at('2026-10-07T15:55:00.000Z');
  expect(await cloud.runAnswer()).toMatchObject({ date: '2026-10-07', due: 0, sent: 0 });
  expect(cloud.user('o-owl')).toMatchObject({ lastCheckInDate: '2026-10-07', nextRemindDate: '2026-10-08' });
  cloud.at('2026-10-07T16:05:00.000Z'); // 00:05 on 10-08
  expect(await cloud.runAnswer()).toMatchObject({ date: '2026-10-08', sent: 1 });
  expect(cloud.outbox().filter((m) => m.touser === 'o-owl').map((m) => m.data.thing2!.value)).toEqual(['已连续答题1天，今天还没签到哦']);
});
