// reminderSettings { action: 'test' } through the real bundles on the emulator: one reminder to the
// caller now, through the run's send path, with their own credit; at most 3 a day; not the day's
// reminder; a reason for every reminder not sent.
import { templateSpec } from '../../local/deployment';
import { TEST_REMINDERS_PER_DAY } from '../../src/store/users';
import { startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud, type ReminderCloudOptions } from './support/cloud';

async function withCloud(options: Omit<ReminderCloudOptions, 'start'>, test: (cloud: ReminderCloud) => Promise<void>): Promise<void> {
  // 09:00 in Shanghai: in the send window, before the default reminder hour.
  const cloud = await startReminderCloud({ start: '2026-08-03T01:00:00.000Z', ...options });
  try {
    await test(cloud);
  } finally {
    await cloud.close();
  }
}

const test = (cloud: ReminderCloud, openid: string | null, event: Record<string, unknown> = {}) => cloud.call('reminderSettings', { action: 'test', ...event }, openid);
const statuses = (cloud: ReminderCloud, openid: string) => cloud.find('credits', { openid }).map((c) => c.status).sort();

it("sends the caller one reminder now with their own credit, and the day's run still reminds them", () =>
  withCloud({}, async (cloud) => {
    cloud.seed([{ openid: 'o-me', subscribe: 2 }]);
    expect(await test(cloud, 'o-me')).toEqual({ ok: true, sent: true });
    expect(cloud.outbox()).toMatchObject([{ touser: 'o-me', templateId: SUBSCRIBE_TEMPLATE, page: 'pages/checkin/index', miniprogramState: 'formal' }]);
    expect(statuses(cloud, 'o-me')).toEqual(['unused', 'used']);
    expect(cloud.user('o-me')).toMatchObject({ lastRemindedDate: '', remind: null, testReminders: { date: cloud.today(), count: 1 } });

    cloud.atHour(10);
    expect(await cloud.runAnswer()).toMatchObject({ due: 1, sent: 1 });
    expect(cloud.outbox().map((m) => m.touser)).toEqual(['o-me', 'o-me']);
  }));

it('takes the caller from the context only: an openid in the event changes nothing', () =>
  withCloud({}, async (cloud) => {
    cloud.seed([{ openid: 'o-me', subscribe: 1 }, { openid: 'o-victim', subscribe: 1 }]);
    expect(await test(cloud, 'o-me', { openid: 'o-victim', userId: 'o-victim', _openid: 'o-victim' })).toEqual({ ok: true, sent: true });
    expect(cloud.outbox().map((m) => m.touser)).toEqual(['o-me']);
    expect(statuses(cloud, 'o-victim')).toEqual(['unused']);
    expect(await test(cloud, null, { openid: 'o-victim' })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(statuses(cloud, 'o-victim')).toEqual(['unused']);
  }));

it(`allows ${TEST_REMINDERS_PER_DAY} a day per user, then says the cap is reached without spending a credit; the next day allows more`, () =>
  withCloud({}, async (cloud) => {
    cloud.seed([{ openid: 'o-me', subscribe: 5 }, { openid: 'o-other', subscribe: 1 }]);
    const answers = [];
    for (let i = 0; i < TEST_REMINDERS_PER_DAY + 1; i++) answers.push(await test(cloud, 'o-me'));
    expect(answers).toEqual([...Array(TEST_REMINDERS_PER_DAY).fill({ ok: true, sent: true }), { ok: true, sent: false, reason: 'cap-reached' }]);
    expect(statuses(cloud, 'o-me').filter((s) => s === 'used')).toHaveLength(TEST_REMINDERS_PER_DAY);
    expect(await test(cloud, 'o-other')).toEqual({ ok: true, sent: true }); // the cap is per user

    cloud.clock.advance(24 * 3600_000);
    expect(await test(cloud, 'o-me')).toEqual({ ok: true, sent: true });
  }));

it('three asks at once still send at most three', () =>
  withCloud({}, async (cloud) => {
    cloud.seed([{ openid: 'o-me', subscribe: 6 }]);
    const answers = await Promise.all(Array.from({ length: 5 }, () => test(cloud, 'o-me')));
    expect(answers.filter((a) => a.sent)).toHaveLength(TEST_REMINDERS_PER_DAY);
    expect(answers.filter((a) => !a.sent).map((a) => a.reason)).toEqual(['cap-reached', 'cap-reached']);
    expect(cloud.outbox()).toHaveLength(TEST_REMINDERS_PER_DAY);
  }));

it('a template whose fields the data does not fit sends nothing and keeps the credit (and the cap)', () =>
  withCloud({ templates: { [SUBSCRIBE_TEMPLATE]: templateSpec('subscribe', { title: '签到提醒', labels: { thing1: '活动名称', time2: '时间' } }) } }, async (cloud) => {
    cloud.seed([{ openid: 'o-me', subscribe: 1 }]);
    expect(await test(cloud, 'o-me')).toEqual({ ok: true, sent: false, reason: 'template-unfit' });
    expect(cloud.emulator.backend.wechat.attempts()).toEqual([]);
    expect(statuses(cloud, 'o-me')).toEqual(['unused']);
    expect(cloud.user('o-me').testReminders).toBeUndefined();
  }));

it.each<[string, Omit<ReminderCloudOptions, 'start'>, (cloud: ReminderCloud) => void, string, string[]]>([
  ['no credit', {}, (cloud) => cloud.seed([{ openid: 'o-me' }]), 'no-credit', []],
  ['no template configured', { env: { REMINDER_SUBSCRIBE_TEMPLATE_ID: '' } }, (cloud) => cloud.seed([{ openid: 'o-me', subscribe: 1 }]), 'disabled', ['unused']],
  [
    'WeChat refusing the credit (43101)',
    {},
    (cloud) => {
      cloud.seed([{ openid: 'o-me', subscribe: 1 }]);
      cloud.emulator.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', errcode: 43101 });
    },
    'refused',
    ['invalid'],
  ],
  [
    'WeChat refusing the configuration (41030, a page not released)',
    {},
    (cloud) => {
      cloud.seed([{ openid: 'o-me', subscribe: 1 }]);
      cloud.emulator.backend.wechat.setPages(['pages/other/index']);
    },
    'misconfigured',
    ['unused'],
  ],
  [
    'WeChat busy',
    {},
    (cloud) => {
      cloud.seed([{ openid: 'o-me', subscribe: 1 }]);
      cloud.emulator.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', errcode: -1, times: 3 });
    },
    'unavailable',
    ['unused'],
  ],
])('answers a reason for %s', (_what, options, arrange, reason, credits) =>
  withCloud(options, async (cloud) => {
    arrange(cloud);
    expect(await test(cloud, 'o-me')).toEqual({ ok: true, sent: false, reason });
    expect(statuses(cloud, 'o-me')).toEqual(credits);
    expect(cloud.outbox()).toEqual([]);
  }));
