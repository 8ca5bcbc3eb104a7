// Every state of the two pages, as the gallery shows it: how to reach it through the real
// functions on the emulator (the same harness as the page tests), and a selector that only that
// state renders, which the gallery test checks.
import { appConfig } from '../../../miniprogram/config';
import type { TestCloud } from '../harness';
import { TEMPLATE_ID } from '../harness';
import { all, mount, one } from '../harness/render';

type Page = ReturnType<typeof mount>;
export type PagePath = 'pages/checkin/index' | 'pages/settings/index';

export interface GalleryState {
  /** File name, and the order in the gallery. */
  name: string;
  /** What the state is, for the gallery's caption. */
  caption: string;
  page: PagePath;
  /** Brings the page into the state and resolves with it, unsettled when the state is a wait. */
  reach(cloud: TestCloud): Promise<Page>;
  /** Renders in this state only: the test's proof that the state was reached. */
  shows: string;
}

const CHECKIN: PagePath = 'pages/checkin/index';
const SETTINGS: PagePath = 'pages/settings/index';

async function open(cloud: TestCloud, page: PagePath): Promise<Page> {
  const rendered = mount(page);
  await cloud.wx.settle();
  return rendered;
}

/** Answers today's question right or wrong through the page. */
async function answer(cloud: TestCloud, page: Page, right: boolean): Promise<Page> {
  const correct = await cloud.backend.correctChoice(page.data.question.id);
  await cloud.tap(all(page, '.option')[right ? correct : (correct + 1) % page.data.question.options.length]!, `fid-${Date.now()}`);
  return page;
}

async function subscribe(cloud: TestCloud, page: Page, reply: TestCloud['wx']['subscribeReply']): Promise<Page> {
  cloud.wx.subscribeReply = reply;
  await cloud.tap(one(page, '.subscribe'), `fid-subscribe-${Date.now()}`);
  return page;
}

async function grants(cloud: TestCloud, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await cloud.backend.subscribeAnswered(TEMPLATE_ID, 'accept');
    await cloud.backend.call('saveFormId', { subscriptions: { [TEMPLATE_ID]: 'accept' } });
  }
}

export const STATES: GalleryState[] = [
  { name: 'checkin-loading', caption: '签到页：加载中', page: CHECKIN, shows: '.spinner', reach: async () => mount(CHECKIN) },
  { name: 'checkin-question', caption: '签到页：今天的题目', page: CHECKIN, shows: '.option', reach: (c) => open(c, CHECKIN) },
  {
    name: 'checkin-submitting',
    caption: '签到页：答案提交中',
    page: CHECKIN,
    shows: '.option.chosen',
    reach: async (c) => {
      const page = await open(c, CHECKIN);
      all(page, '.option')[1]!.dispatchEvent('tap'); // captured while the answer is on its way
      return page;
    },
  },
  { name: 'checkin-right', caption: '签到页：答对了，提醒邀请', page: CHECKIN, shows: '.result.good', reach: async (c) => answer(c, await open(c, CHECKIN), true) },
  { name: 'checkin-wrong', caption: '签到页：答错了，显示正确答案', page: CHECKIN, shows: '.option.wrong', reach: async (c) => answer(c, await open(c, CHECKIN), false) },
  {
    name: 'checkin-reopened',
    caption: '签到页：已签到后再打开',
    page: CHECKIN,
    shows: '.badge',
    reach: async (c) => {
      await answer(c, await open(c, CHECKIN), false);
      await c.travelTo('2024-05-06T12:00:00Z');
      return open(c, CHECKIN);
    },
  },
  {
    name: 'checkin-subscribed',
    caption: '签到页：订阅了一次提醒（toast）',
    page: CHECKIN,
    shows: '.credits',
    reach: async (c) => subscribe(c, await answer(c, await open(c, CHECKIN), true), { answer: 'accept' }),
  },
  {
    name: 'checkin-low',
    caption: '签到页：提醒次数不多，已签到后再打开',
    page: CHECKIN,
    shows: '.offer',
    reach: async (c) => {
      await subscribe(c, await answer(c, await open(c, CHECKIN), true), { answer: 'accept' });
      await c.travelTo('2024-05-06T12:00:00Z');
      return open(c, CHECKIN);
    },
  },
  {
    name: 'checkin-switched-off',
    caption: '签到页：微信订阅消息被关闭（20004）',
    page: CHECKIN,
    shows: '.open-setting',
    reach: async (c) => subscribe(c, await answer(c, await open(c, CHECKIN), true), { failCode: 20004 }),
  },
  {
    name: 'checkin-reminders-off',
    caption: '签到页：提醒已关闭，没有邀请',
    page: CHECKIN,
    shows: '.credits',
    reach: async (c) => {
      await c.backend.call('reminderSettings', { action: 'set', enabled: false });
      return answer(c, await open(c, CHECKIN), true);
    },
  },
  {
    name: 'checkin-answer-failed',
    caption: '签到页：答案没有提交（断网）',
    page: CHECKIN,
    shows: '.retry-answer',
    reach: async (c) => {
      const page = await open(c, CHECKIN);
      c.wx.offline = true;
      return answer(c, page, true);
    },
  },
  {
    name: 'checkin-offline',
    caption: '签到页：加载失败（断网）',
    page: CHECKIN,
    shows: '.error-title',
    reach: async (c) => {
      c.wx.offline = true;
      return open(c, CHECKIN);
    },
  },
  {
    name: 'checkin-server-error',
    caption: '签到页：加载失败（服务出错）',
    page: CHECKIN,
    shows: '.error-title',
    reach: async (c) => {
      await c.backend.crash('checkIn', true);
      return open(c, CHECKIN);
    },
  },
  {
    name: 'checkin-messages-off',
    caption: '签到页：订阅消息总开关关闭，引导去设置',
    page: CHECKIN,
    shows: '.offer',
    reach: async (c) => {
      c.wx.subscriptions.mainSwitch = false;
      return answer(c, await open(c, CHECKIN), true);
    },
  },
  {
    name: 'checkin-grant-refused',
    caption: '签到页：提醒次数已攒满，这次订阅没有计入',
    page: CHECKIN,
    shows: '.notice',
    reach: async (c) => {
      await c.backend.holdCredits('subscribe', 100);
      return subscribe(c, await answer(c, await open(c, CHECKIN), true), { answer: 'accept' });
    },
  },
  {
    name: 'checkin-empty',
    caption: '签到页：没有题目（题库为空时；由页面数据直接设置）',
    page: CHECKIN,
    shows: '.empty',
    reach: async (c) => {
      const page = await open(c, CHECKIN);
      page.instance.setData({ status: 'empty' }); // the shipped bank is never empty
      return page;
    },
  },
  { name: 'settings-loading', caption: '提醒设置：加载中', page: SETTINGS, shows: '.spinner', reach: async () => mount(SETTINGS) },
  { name: 'settings-no-credit', caption: '提醒设置：还没有订阅提醒', page: SETTINGS, shows: '.subscribe', reach: (c) => open(c, SETTINGS) },
  {
    name: 'settings-automatic',
    caption: '提醒设置：自动时间，还剩 2 次',
    page: SETTINGS,
    shows: '.hour-picker',
    reach: async (c) => {
      await grants(c, 2);
      return open(c, SETTINGS);
    },
  },
  {
    name: 'settings-chosen-hour',
    caption: '提醒设置：选了 20:00，还剩 5 次',
    page: SETTINGS,
    shows: '.hour-picker',
    reach: async (c) => {
      await grants(c, 5);
      await c.backend.call('reminderSettings', { action: 'set', hour: 20 });
      return open(c, SETTINGS);
    },
  },
  {
    name: 'settings-off',
    caption: '提醒设置：提醒已关闭',
    page: SETTINGS,
    shows: '.summary',
    reach: async (c) => {
      await grants(c, 1);
      await c.backend.call('reminderSettings', { action: 'set', enabled: false });
      return open(c, SETTINGS);
    },
  },
  {
    name: 'settings-subscribed',
    caption: '提醒设置：订阅了一次提醒（toast）',
    page: SETTINGS,
    shows: '.subscribe',
    reach: async (c) => subscribe(c, await open(c, SETTINGS), { answer: 'accept' }),
  },
  {
    name: 'settings-switched-off',
    caption: '提醒设置：微信订阅消息被关闭（20004）',
    page: SETTINGS,
    shows: '.open-setting',
    reach: async (c) => subscribe(c, await open(c, SETTINGS), { failCode: 20004 }),
  },
  {
    name: 'settings-always-accepted',
    caption: '提醒设置：总是接收（答题时自动补充）',
    page: SETTINGS,
    shows: '.hint',
    reach: async (c) => {
      c.wx.subscriptions.itemSettings[TEMPLATE_ID] = 'accept';
      await grants(c, 4);
      return open(c, SETTINGS);
    },
  },
  {
    name: 'settings-declined-for-good',
    caption: '提醒设置：选了不再接收，说明如何打开',
    page: SETTINGS,
    shows: '.open-setting-hint',
    reach: async (c) => {
      c.wx.subscriptions.itemSettings[TEMPLATE_ID] = 'reject';
      return open(c, SETTINGS);
    },
  },
  {
    name: 'settings-messages-off',
    caption: '提醒设置：订阅消息总开关关闭',
    page: SETTINGS,
    shows: '.open-setting-hint',
    reach: async (c) => {
      c.wx.subscriptions.mainSwitch = false;
      await grants(c, 1);
      return open(c, SETTINGS);
    },
  },
  {
    name: 'settings-form-ids',
    caption: '提醒设置：配置了模板消息时，表单次数计入并说明 7 天失效',
    page: SETTINGS,
    shows: '.expiring',
    reach: async (c) => {
      appConfig.formChannel = true; // a deployment with a form template (harness: reset before each state)
      await grants(c, 1);
      await c.backend.holdCredits('form', 3);
      return open(c, SETTINGS);
    },
  },
  {
    name: 'settings-save-failed',
    caption: '提醒设置：没有保存（断网）',
    page: SETTINGS,
    shows: '.retry-save',
    reach: async (c) => {
      const page = await open(c, SETTINGS);
      c.wx.offline = true;
      one(page, '.enabled').dispatchEvent('change', { detail: { value: false } });
      await c.wx.settle();
      return page;
    },
  },
  {
    name: 'settings-delete-failed',
    caption: '提醒设置：数据没有删除（断网）',
    page: SETTINGS,
    shows: '.retry-delete',
    reach: async (c) => {
      await grants(c, 1);
      const page = await open(c, SETTINGS);
      c.wx.offline = true;
      one(page, '.delete-data').dispatchEvent('tap');
      await c.wx.settle();
      return page;
    },
  },
  {
    name: 'settings-offline',
    caption: '提醒设置：加载失败（断网）',
    page: SETTINGS,
    shows: '.error-title',
    reach: async (c) => {
      c.wx.offline = true;
      return open(c, SETTINGS);
    },
  },
];
