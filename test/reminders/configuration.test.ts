// A channel or a template whose configuration cannot work sends nothing and spends nothing, says
// why (naming the key), and leaves the users as they were (I7). A fitting one delivers, with the
// credit's own template, data, miniprogram_state and lang.
import { templateSpec, TEMPLATES } from '../../local/deployment';
import { TEMPLATE_LIST_TTL_MS } from '../../src/reminders/templates';
import { manyUsers, startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud, type ReminderCloudOptions } from './support/cloud';

async function withCloud(options: Omit<ReminderCloudOptions, 'start'>, test: (cloud: ReminderCloud) => Promise<void>): Promise<void> {
  const cloud = await startReminderCloud({ start: '2026-08-03T02:00:00.000Z', ...options });
  try {
    await test(cloud);
  } finally {
    await cloud.close();
  }
}

/** Nothing was sent or spent, and no user was rested or marked. */
function untouched(cloud: ReminderCloud, users: number): void {
  expect(cloud.emulator.backend.wechat.attempts()).toEqual([]);
  expect(cloud.find('credits').map((c) => c.status)).toEqual(Array(users).fill('unused'));
  expect(cloud.find('users').map((u) => [u.nextRemindDate, u.lastRemindedDate])).toEqual(Array(users).fill([cloud.today(), '']));
}

const { labels } = TEMPLATES.subscribe;

it('no subscribe template id disables the channel with a clear message and spends nothing', () =>
  withCloud({ env: { REMINDER_SUBSCRIBE_TEMPLATE_ID: '' } }, async (cloud) => {
    cloud.seed(manyUsers(3));
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ ok: true, due: 0, sent: 0, channels: { subscribe: { state: 'disabled' }, form: { state: 'disabled' } } });
    expect(answer.channels.subscribe.message).toMatch(/no subscribe template is configured \(subscribeTemplates in app\.config\.json, or REMINDER_SUBSCRIBE_TEMPLATE_ID\)/);
    expect(answer.problems).toEqual([expect.stringMatching(/^no channel is configured, nothing can be sent/)]);
    untouched(cloud, 3);
  }));

it("a message breaking WeChat's field rules is refused before any credit is spent", () =>
  withCloud({ env: { REMINDER_SUBSCRIBE_DATA: JSON.stringify({ thing1: '每日答题签到', thing2: '已连续答题{streak}天，今天还没有签到哦，快来吧', date3: '{date}', thing4: '快来' }) } }, async (cloud) => {
    cloud.seed(manyUsers(3));
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 0, sent: 0, channels: { subscribe: { state: 'misconfigured' } } });
    expect(answer.problems.join('\n')).toMatch(/subscribe template TPL_CHECKIN_REMINDER \(签到提醒\) does not fit .*thing2: ".*" breaks the rule: a thing field takes at most 20 characters/);
    untouched(cloud, 3);
  }));

it("a template whose fields the data does not fit sends nothing and keeps every credit, naming the key; once it fits, it delivers", () =>
  // The account's template has 地点 (thing5) where the configuration fills 备注 (thing4).
  withCloud({ templates: { [SUBSCRIBE_TEMPLATE]: templateSpec('subscribe', { title: '签到提醒', labels: { thing1: '活动名称', thing2: '温馨提示', date3: '日期', thing5: '地点' } }) } }, async (cloud) => {
    cloud.seed(manyUsers(3));
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 0, sent: 0, channels: { subscribe: { state: 'misconfigured' } } });
    const problems = answer.problems.join('\n');
    expect(problems).toMatch(/thing5: the template shows 地点 \(\{\{thing5\.DATA\}\}\), which the data does not fill/);
    expect(problems).toMatch(/thing4: is not a field of the template/);
    untouched(cloud, 3);

    // The template is fixed in 公众平台: the next run after the instance's list expires delivers.
    cloud.emulator.backend.wechat.registerTemplate(SUBSCRIBE_TEMPLATE, templateSpec('subscribe', TEMPLATES.subscribe));
    cloud.clock.advance(TEMPLATE_LIST_TTL_MS + 1000);
    expect(await cloud.runAnswer()).toMatchObject({ due: 3, sent: 3, problems: [] });
  }));

it('a template the account does not have sends nothing and keeps every credit', () =>
  withCloud({ env: { REMINDER_SUBSCRIBE_TEMPLATE_ID: 'TPL_NOT_ADDED' } }, async (cloud) => {
    cloud.seed(manyUsers(2, 'o-user', 1).map((u) => ({ ...u, template: 'TPL_NOT_ADDED' })));
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 0, sent: 0, channels: { subscribe: { state: 'misconfigured' } } });
    expect(answer.problems.join()).toMatch(/subscribe template TPL_NOT_ADDED does not fit .*getTemplateList does not list it/);
    untouched(cloud, 2);
  }));

it('when the list of templates cannot be read, the subscribe channel sends nothing this run and says why', () =>
  withCloud({}, async (cloud) => {
    cloud.seed(manyUsers(2));
    cloud.emulator.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.getTemplateList', errcode: -1, times: 2 });
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 0, sent: 0, channels: { subscribe: { state: 'broken' } } });
    expect(answer.problems.join()).toMatch(/could not read the account's subscribe templates .*errcode -1/);
    untouched(cloud, 2);
  }));

it('a fitting template delivers, with miniprogram_state and lang from the configuration, and the list is read once per instance for minutes', () =>
  withCloud({ env: { REMINDER_MINIPROGRAM_STATE: 'trial', REMINDER_LANG: 'zh_TW' } }, async (cloud) => {
    cloud.seed(manyUsers(2));
    expect(await cloud.runAnswer()).toMatchObject({ due: 2, sent: 2, problems: [] });
    expect(cloud.outbox().map((m) => [m.templateId, m.miniprogramState, m.lang, Object.keys(m.data)])).toEqual(Array(2).fill([SUBSCRIBE_TEMPLATE, 'trial', 'zh_TW', Object.keys(labels)]));
    const reads = () => cloud.emulator.backend.instrument.counts()['wx.openApi:subscribeMessage.getTemplateList'];
    cloud.clock.advance(TEMPLATE_LIST_TTL_MS - 60_000);
    await cloud.runAnswer();
    expect(reads()).toBe(1);
    cloud.clock.advance(70_000); // the instance's clock moved on while the first run worked
    await cloud.runAnswer();
    expect(reads()).toBe(2);
  }));

it('sends say formal and zh_CN by default', () =>
  withCloud({}, async (cloud) => {
    cloud.seed(manyUsers(1));
    await cloud.runAnswer();
    expect(cloud.outbox().map((m) => [m.miniprogramState, m.lang])).toEqual([['formal', 'zh_CN']]);
  }));

it("with two templates each credit is sent with its own template and data, and a template that does not fit keeps only its own credits", () => {
  const second = { id: 'TPL_STREAK', data: { thing1: '连续答题{streak}天', date2: '{date}' } };
  const templates = [{ id: SUBSCRIBE_TEMPLATE, data: { thing1: '每日答题签到', thing2: '已连续答题{streak}天', date3: '{date}', thing4: '快来签到' } }, second];
  const unfit = { id: 'TPL_BROKEN', data: { thing1: '{streak}', date2: '{date}' } };
  return withCloud(
    {
      env: { REMINDER_SUBSCRIBE_TEMPLATES: JSON.stringify([...templates, unfit]) },
      templates: {
        TPL_STREAK: templateSpec('subscribe', { title: '连续签到', labels: { thing1: '签到进度', date2: '日期' } }),
        TPL_BROKEN: templateSpec('subscribe', { title: '签到', labels: { thing1: '进度', time2: '时间' } }),
      },
    },
    async (cloud) => {
      cloud.seed([
        { openid: 'o-first', subscribe: 1 },
        { openid: 'o-second', subscribe: 1, template: 'TPL_STREAK', user: { streak: 0 } },
        { openid: 'o-broken', subscribe: 1, template: 'TPL_BROKEN' },
      ]);
      const answer = await cloud.runAnswer();
      expect(answer).toMatchObject({ due: 2, sent: 2, skippedBy: { 'channel-stopped': 1 }, channels: { subscribe: { state: 'open' } } });
      expect(answer.problems).toEqual([expect.stringMatching(/^subscribe template TPL_BROKEN \(签到\) does not fit .*date2: the template's field 2 is time2 \(时间\), a time field/)]);
      const sent = Object.fromEntries(cloud.outbox().map((m) => [m.touser, [m.templateId, Object.keys(m.data)]]));
      expect(sent).toEqual({ 'o-first': [SUBSCRIBE_TEMPLATE, Object.keys(labels)], 'o-second': ['TPL_STREAK', ['thing1', 'date2']] });
      expect(cloud.find('credits', { openid: 'o-broken' }).map((c) => c.status)).toEqual(['unused']);
      expect(cloud.user('o-broken')).toMatchObject({ nextRemindDate: cloud.today(), lastRemindedDate: '' });
    },
  );
});

describe('credits the configuration does not send (I7: reported and kept, never a reason to rest a user)', () => {
  const OLD = 'TPL_CHECKIN_OLD';

  it('saveFormId and sendReminders disagreeing on the template: the run reports it and rests nobody; fixing the configuration reminds them', () =>
    withCloud({ functionEnv: { sendReminders: { REMINDER_SUBSCRIBE_TEMPLATE_ID: OLD } }, templates: { [OLD]: templateSpec('subscribe', TEMPLATES.subscribe) } }, async (cloud) => {
      // Users subscribe through the app, to the template saveFormId is configured with.
      for (const openid of ['o-a', 'o-b']) {
        cloud.emulator.backend.wechat.grantSubscribe(openid, SUBSCRIBE_TEMPLATE);
        expect(await cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, openid)).toMatchObject({ saved: 1 });
      }
      const answer = await cloud.runAnswer();
      expect(answer).toMatchObject({ due: 0, sent: 0, skippedBy: { unconfigured: 2 } });
      expect(answer.problems).toEqual([expect.stringMatching(new RegExp(`credits for subscribe template ${SUBSCRIBE_TEMPLATE}, which this configuration does not list.*kept.*not rested`))]);
      untouched(cloud, 2);

      const { host } = cloud.emulator;
      host.configure('sendReminders', { env: { ...host.configuration('sendReminders').env, REMINDER_SUBSCRIBE_TEMPLATE_ID: SUBSCRIBE_TEMPLATE } });
      expect(await cloud.runAnswer()).toMatchObject({ due: 2, sent: 2, problems: [] });
    }));

  it('a user holding only form credits while the form channel is off keeps them and is not rested', () =>
    withCloud({}, async (cloud) => {
      cloud.seed([{ openid: 'o-forms', forms: 2 }, { openid: 'o-none', user: { nextRemindDate: '2026-08-03' } }]);
      const answer = await cloud.runAnswer();
      expect(answer).toMatchObject({ due: 0, skippedBy: { unconfigured: 1, 'no-credit': 1 } });
      expect(answer.problems).toEqual([expect.stringMatching(/form credits while the form channel is off.*kept.*not rested/)]);
      expect(cloud.user('o-forms')).toMatchObject({ nextRemindDate: cloud.today() });
      expect(cloud.user('o-none')).toMatchObject({ nextRemindDate: '9999-12-31' }); // no credit at all: rested
    }));

  it('a user whose every sendable credit WeChat refused is rested only if they hold no other credit', () =>
    withCloud({}, async (cloud) => {
      cloud.seed([{ openid: 'o-mixed', subscribe: 1 }, { openid: 'o-only', subscribe: 1 }]);
      // o-mixed also holds a grant for a template the configuration no longer lists.
      const [credit] = cloud.find('credits', { openid: 'o-mixed' });
      cloud.emulator.backend.db.insert('credits', { ...credit, _id: 'sub_old_template', value: OLD });
      cloud.emulator.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', errcode: 43101, times: 2 });
      expect(await cloud.runAnswer()).toMatchObject({ due: 2, failedBy: { 'credits-dead': 2 } });
      expect(cloud.user('o-only')).toMatchObject({ nextRemindDate: '9999-12-31' });
      expect(cloud.user('o-mixed')).toMatchObject({ nextRemindDate: cloud.today() });
      expect(cloud.find('credits', { _id: 'sub_old_template' })[0]).toMatchObject({ status: 'unused' });
    }));
});
