// A channel whose configuration cannot work sends nothing and spends nothing, and says why.
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

async function withCloud(env: Record<string, string>, test: (cloud: ReminderCloud) => Promise<void>): Promise<void> {
  const cloud = await startReminderCloud({ start: '2026-08-03T02:00:00.000Z', env });
  try {
    await test(cloud);
  } finally {
    await cloud.close();
  }
}

it('an empty subscribe template id disables the channel with a clear message and spends nothing', () =>
  withCloud({ REMINDER_SUBSCRIBE_TEMPLATE_ID: '' }, async (cloud) => {
    cloud.seed(manyUsers(3));
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ ok: true, due: 0, sent: 0, channels: { subscribe: { state: 'disabled' }, form: { state: 'disabled' } } });
    expect(answer.channels.subscribe.message).toMatch(/REMINDER_SUBSCRIBE_TEMPLATE_ID is empty/);
    expect(answer.problems).toEqual(['both channels are disabled: set REMINDER_SUBSCRIBE_TEMPLATE_ID']);
    expect(cloud.emulator.backend.wechat.attempts()).toEqual([]);
    expect(cloud.find('credits').every((c) => c.status === 'unused')).toBe(true);
  }));

it('a message breaking WeChat\'s field rules is refused before any credit is spent', () =>
  withCloud({ REMINDER_SUBSCRIBE_DATA: JSON.stringify({ thing1: '每日答题签到', thing2: '已连续答题{streak}天，今天还没有签到哦，快来吧', date3: '{date}' }) }, async (cloud) => {
    cloud.seed(manyUsers(3));
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 0, sent: 0, channels: { subscribe: { state: 'misconfigured' } } });
    expect(answer.problems.join('\n')).toMatch(/REMINDER_SUBSCRIBE_DATA breaks WeChat's rules.*thing2.*at most 20/);
    expect(cloud.emulator.backend.wechat.attempts()).toEqual([]);
    expect(cloud.find('credits').every((c) => c.status === 'unused')).toBe(true);
  }));
