/**
 * @jest-environment jsdom
 */
// 提醒设置 end to end: what reminderSettings answers, and changes saved through it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appConfig } from '../../miniprogram/config';
import { TEMPLATE_ID, useTestCloud } from './harness';
import { attribute, exists, mount, one, text } from './harness/render';

const cloud = useTestCloud();
type Page = ReturnType<typeof mount>;

async function openSettings(): Promise<Page> {
  const page = mount('pages/settings/index');
  await cloud.wx.settle();
  return page;
}

/** The settings in the user's document in the emulator's database. */
const stored = () => cloud.backend.user();

// sendReminders is a placeholder (src/handlers/notYetBuilt.ts) until the reminder run lands; the
// test that needs a real run is skipped until then and runs by itself once the bundle is the real one.
const remindersBuilt = !readFileSync(join(__dirname, '../../cloudfunctions/sendReminders/index.ts'), 'utf8').includes('notYetBuilt');

async function change(page: Page, selector: string, value: unknown) {
  one(page, selector).dispatchEvent('change', { detail: { value } });
  await cloud.wx.settle();
}

/** Grants `n` subscribe credits through saveFormId, as n accepted dialogs would. */
async function grant(n: number) {
  for (let i = 0; i < n; i++) {
    await cloud.backend.subscribeAnswered(TEMPLATE_ID, 'accept');
    await cloud.backend.call('saveFormId', { subscriptions: { [TEMPLATE_ID]: 'accept' } });
  }
}

describe('settings page', () => {
  it('with no reminder subscribed: says none can be sent yet, and offers one', async () => {
    const page = mount('pages/settings/index');
    expect(text(page, '.loading .state-hint')).toBe('正在加载提醒设置');
    await cloud.wx.settle();
    expect(page.data.view.enabled).toBe(true);
    expect(attribute(one(page, '.enabled'), 'aria-label')).toBe('忘记签到时提醒我');
    expect(text(page, '.hour')).toBe('自动（目前约 10:00）');
    expect(text(page, '.summary')).toBe('还没有可用的提醒次数：订阅一次，忘了签到时才能提醒你');
    expect(text(page, '.credits')).toBe('0 次');
    expect(text(page, '.last-reminded')).toBe('还没有提醒过');
    expect(text(page, '.hint')).toBe('每订阅一次，可以在你忘了签到时提醒你一次');
    expect(text(page, '.subscribe')).toBe('订阅一次提醒');
  });

  it('with reminders subscribed: says when, and the exact count', async () => {
    await grant(2);
    const page = await openSettings();
    expect(text(page, '.summary')).toBe('没签到的日子，会在 10:00 左右提醒你（自己签到几次后，会按你的习惯调整）');
    expect(text(page, '.credits')).toBe('2 次');
    expect(text(page, '.hint')).toBe('还能提醒 2 次，每订阅一次多提醒一次');
  });

  it('turns reminders off and on, saved in the backend; while off it offers no reminder', async () => {
    await grant(1);
    const page = await openSettings();
    await change(page, '.enabled', false);
    expect(await stored()).toMatchObject({ enabled: false });
    expect(text(page, '.summary')).toBe('已关闭，不会提醒你；剩下的 1 次会保留');
    expect(exists(page, '.subscribe')).toBe(false);
    expect(exists(page, '.hour-picker')).toBe(false);
    expect(text(page, '.hint')).toBe('打开“忘记签到时提醒我”后，才能订阅提醒');
    await change(page, '.enabled', true);
    expect(await stored()).toMatchObject({ enabled: true });
    expect(exists(page, '.subscribe')).toBe(true);
  });

  it('saves a chosen hour, and automatic again', async () => {
    await grant(1);
    const page = await openSettings();
    await change(page, '.hour-picker', '13'); // pickers answer the position as a string
    expect(await stored()).toMatchObject({ hour: 20 });
    expect(text(page, '.hour')).toBe('20:00');
    expect(attribute(one(page, '.hour-picker'), 'aria-label')).toBe('提醒时间：20:00');
    expect(text(page, '.summary')).toBe('没签到的日子，会在 20:00 左右提醒你');
    await change(page, '.hour-picker', '0');
    expect(await stored()).toMatchObject({ hour: null });
    expect(text(page, '.hour')).toBe('自动（目前约 10:00）');
  });

  it('labels automatic with the hour automatic would give, not the chosen one', async () => {
    // Three check-ins around 19:00 make the automatic hour 18:00 (one hour before the habit).
    for (const day of ['2024-05-06', '2024-05-07', '2024-05-08']) {
      await cloud.travelTo(`${day}T11:10:00Z`);
      const today = (await cloud.backend.call('checkIn', { action: 'today' })) as { question: { id: string } };
      await cloud.backend.call('checkIn', { action: 'answer', questionId: today.question.id, choice: 0 });
    }
    await cloud.travelTo('2024-05-09T01:00:00Z');
    await cloud.backend.call('reminderSettings', { action: 'set', hour: 20 });
    const page = await openSettings();
    expect(text(page, '.hour')).toBe('20:00');
    expect(page.data.view.hourLabels[0]).toBe('自动（目前约 18:00）');
  });

  it('puts the switch back and explains when a change cannot be saved; 重试 saves it', async () => {
    const page = await openSettings();
    cloud.wx.offline = true;
    await change(page, '.enabled', false);
    expect(page.data.view.enabled).toBe(true);
    expect(text(page, '.save-error')).toBe('没有保存：网络连接失败。请检查网络后重试');
    expect(await stored()).toBeNull(); // nothing reached the database
    cloud.wx.offline = false;
    await cloud.tap(one(page, '.retry-save'), 'fid-retry-save');
    expect(await stored()).toMatchObject({ enabled: false });
    expect(exists(page, '.save-error')).toBe(false);
  });

  it('counts subscribe grants as reminders left while the form channel is off, and shows no jargon for form ids', async () => {
    await cloud.backend.call('saveFormId', { formIds: ['f1', 'f2'], subscriptions: { [TEMPLATE_ID]: 'accept' } });
    const page = await openSettings();
    expect(text(page, '.credits')).toBe('1 次');
    expect(exists(page, '.expiring')).toBe(false);
    expect(page.dom?.textContent).not.toMatch(/表单|模板/);
    expect(await cloud.backend.credits()).toEqual({ form: 0, subscribe: 1 });
  });

  it('adds a reminder with the button, confirms it with a toast and shows the new count', async () => {
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await openSettings();
    await cloud.tap(one(page, '.subscribe'), 'fid-settings');
    expect(cloud.wx.subscribeRequests).toHaveLength(1);
    expect(cloud.wx.toasts).toEqual(['已订阅一次提醒']);
    expect(text(page, '.credits')).toBe('1 次');
    expect(await cloud.backend.credits()).toEqual({ form: 0, subscribe: 1 }); // the tap's form id is not collected: the channel is off
    expect(await cloud.backend.grantsLeft()).toBe(1);
  });

  it('has no button to add reminders when no subscribe template is configured', async () => {
    appConfig.reminderTemplateIds = [];
    const page = await openSettings();
    expect(exists(page, '.subscribe')).toBe(false);
    expect(exists(page, '.hint')).toBe(false);
  });

  it('stops hinting about low credits on a day the user declined, but keeps the button', async () => {
    cloud.wx.subscribeReply = { answer: 'reject' };
    const page = await openSettings();
    await cloud.tap(one(page, '.subscribe'), 'fid-settings');
    expect(text(page, '.notice')).toBe('没有订阅，今天不再询问');
    const reopened = await openSettings();
    expect(exists(reopened, '.hint')).toBe(false);
    expect(exists(reopened, '.subscribe')).toBe(true);
    expect(await cloud.backend.credits()).toEqual({ form: 0, subscribe: 0 });
  });

  it('leads to WeChat\'s settings when subscription messages are switched off (20004)', async () => {
    cloud.wx.subscribeReply = { failCode: 20004 };
    const page = await openSettings();
    await cloud.tap(one(page, '.subscribe'), 'fid-settings');
    expect(text(page, '.notice')).toBe('你关闭了小程序的订阅消息，打开后才能订阅提醒');
    await cloud.tap(one(page, '.open-setting'), 'fid-open-setting');
    expect(cloud.wx.openedSettings).toEqual([{ withSubscriptions: true }]);
  });

  (remindersBuilt ? it : it.skip)('shows the last reminder date and the credit it used after the reminder timer ran', async () => {
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await openSettings();
    await cloud.tap(one(page, '.subscribe'), 'fid-settings');
    await cloud.travelTo('2024-05-07T12:00:00Z'); // 20:00 the next day, not checked in
    await cloud.backend.fireReminders();
    page.instance.onShow();
    await cloud.wx.settle();
    expect(text(page, '.last-reminded')).toBe('2024年5月7日');
    expect(text(page, '.credits')).toBe('0 次');
    expect(await stored()).toMatchObject({ lastRemindedDate: '2024-05-07' });
    expect(await cloud.backend.grantsLeft()).toBe(0); // WeChat delivered it with the user's one grant
  });

  it("sends a test reminder with the user's own credit and says where to look", async () => {
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await openSettings();
    await cloud.tap(one(page, '.subscribe'), 'fid-settings');
    expect(text(page, '.credits')).toBe('1 次');
    one(page, '.test-reminder').dispatchEvent('tap');
    await cloud.wx.settle();
    expect(text(page, '.test-notice')).toBe('测试提醒已发出，请到微信“服务通知”里查看；用掉了一次提醒');
    expect(text(page, '.credits')).toBe('0 次');
    expect(await cloud.backend.grantsLeft()).toBe(0); // WeChat delivered it with the user's grant
    expect(await stored()).toMatchObject({ lastRemindedDate: '' }); // not the day's reminder
  });

  it('says honestly why no test reminder went out without a credit', async () => {
    const page = await openSettings();
    one(page, '.test-reminder').dispatchEvent('tap');
    await cloud.wx.settle();
    expect(text(page, '.test-notice')).toBe('还没有可用的提醒次数，订阅一次提醒后再试');
  });

  it('says the test reminder was not sent when the call fails', async () => {
    const page = await openSettings();
    cloud.wx.offline = true;
    one(page, '.test-reminder').dispatchEvent('tap');
    await cloud.wx.settle();
    expect(text(page, '.test-notice')).toBe('测试提醒没有发送：网络连接失败。请检查网络后重试');
    expect(text(page, '.test-reminder')).toBe('发送测试提醒');
  });

  it('deletes my data after a confirmation that says what goes, then shows a user with nothing stored', async () => {
    await grant(2);
    await cloud.backend.call('reminderSettings', { action: 'set', hour: 20 });
    const today = (await cloud.backend.call('checkIn', { action: 'today' })) as { question: { id: string } };
    await cloud.backend.call('checkIn', { action: 'answer', questionId: today.question.id, choice: 0 });
    cloud.wx.storage.set('reminder.pendingCredits', JSON.stringify({ formIds: [{ value: 'fid-queued', at: Date.now() }], subscriptions: [], failures: 0, retryAt: 0 }));
    const page = await openSettings();
    expect(text(page, '.credits')).toBe('2 次');
    await cloud.tap(one(page, '.delete-data'), 'fid-delete');
    expect(cloud.wx.modals).toEqual([{ title: '删除我的数据', content: '将删除你的提醒设置、剩余提醒次数、签到记录与积分，删除后无法恢复。', confirmText: '删除' }]);
    expect(await stored()).toBeNull();
    expect(await cloud.backend.checkIns()).toEqual([]);
    expect(await cloud.backend.credits()).toEqual({ form: 0, subscribe: 0 });
    expect(cloud.wx.toasts).toEqual(['已删除']);
    expect(text(page, '.credits')).toBe('0 次');
    expect(text(page, '.hour')).toBe('自动（目前约 10:00）');
    expect(text(page, '.last-reminded')).toBe('还没有提醒过');
    // Nothing of the user's stays on the device to be uploaded again; only the fresh counts are kept.
    expect(Object.fromEntries(cloud.wx.storage)).toEqual({ 'reminder.lastCredits': JSON.stringify({ form: 0, subscribe: 0 }) });
  });

  it('deletes nothing when the confirmation is cancelled', async () => {
    await grant(1);
    cloud.wx.modalReply = 'cancel';
    const page = await openSettings();
    await cloud.tap(one(page, '.delete-data'), 'fid-delete');
    expect(cloud.wx.modals).toHaveLength(1);
    expect(cloud.wx.callsTo('reminderSettings').map((c) => c.data.action)).toEqual(['get']);
    expect(await stored()).not.toBeNull();
    expect(text(page, '.credits')).toBe('1 次');
  });

  it('says when the data could not be deleted; 重试 deletes it without asking again', async () => {
    await grant(1);
    const page = await openSettings();
    cloud.wx.offline = true;
    await cloud.tap(one(page, '.delete-data'), 'fid-delete');
    expect(text(page, '.delete-error')).toBe('删除没有完成：网络连接失败。请检查网络后重试');
    expect(await stored()).not.toBeNull();
    cloud.wx.offline = false;
    await cloud.tap(one(page, '.retry-delete'), 'fid-retry-delete');
    expect(cloud.wx.modals).toHaveLength(1);
    expect(await stored()).toBeNull();
    expect(exists(page, '.delete-error')).toBe(false);
    expect(text(page, '.credits')).toBe('0 次');
  });

  it.each([
    ['offline', async () => void (cloud.wx.offline = true), '网络连接失败'],
    ['the function crashes', () => cloud.backend.crash('reminderSettings', true), '服务暂时出了点问题'],
  ])('%s: shows an error with a retry that works once fixed', async (_name, breakIt, title) => {
    await breakIt();
    const page = await openSettings();
    expect(text(page, '.error-title')).toBe(title);
    cloud.wx.offline = false;
    await cloud.backend.crash('reminderSettings', false);
    await cloud.tap(one(page, '.retry'), 'fid-retry');
    expect(text(page, '.last-reminded')).toBe('还没有提醒过');
  });
});
