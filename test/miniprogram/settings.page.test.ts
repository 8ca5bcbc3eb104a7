/**
 * @jest-environment jsdom
 */
// 提醒设置 end to end: what reminderSettings answers, and changes saved through it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appConfig } from '../../miniprogram/config';
import { useTestCloud } from './harness';
import { exists, mount, one, text } from './harness/render';

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

describe('settings page', () => {
  it('shows reminders on, the automatic hour, the credits left and no reminder yet', async () => {
    const page = mount('pages/settings/index');
    expect(text(page, '.state-title')).toBe('正在加载提醒设置…');
    await cloud.wx.settle();
    expect(page.data.view.enabled).toBe(true);
    expect(text(page, '.hour')).toBe('自动（目前约 10:00）');
    expect(text(page, '.summary')).toBe('每天 10:00 左右提醒未签到的你');
    expect(text(page, '.credits')).toBe('0 次');
    expect(text(page, '.last-reminded')).toBe('还没有提醒过');
    expect(exists(page, '.form-credits')).toBe(false);
  });

  it('turns reminders off and on, saved in the backend', async () => {
    const page = await openSettings();
    await change(page, '.enabled', false);
    expect(await stored()).toMatchObject({ enabled: false });
    expect(text(page, '.summary')).toBe('提醒已关闭');
    await change(page, '.enabled', true);
    expect(await stored()).toMatchObject({ enabled: true });
  });

  it('saves a chosen hour, and automatic again', async () => {
    const page = await openSettings();
    await change(page, '.hour-picker', '13'); // pickers answer the position as a string
    expect(await stored()).toMatchObject({ hour: 20 });
    expect(text(page, '.hour')).toBe('20:00');
    expect(text(page, '.summary')).toBe('每天 20:00 左右提醒未签到的你');
    await change(page, '.hour-picker', '0');
    expect(await stored()).toMatchObject({ hour: null });
    expect(text(page, '.hour')).toBe('自动（目前约 10:00）');
  });

  it('puts the switch back and explains when a change cannot be saved', async () => {
    const page = await openSettings();
    cloud.wx.offline = true;
    await change(page, '.enabled', false);
    expect(page.data.view.enabled).toBe(true);
    expect(text(page, '.save-error')).toBe('没有保存：网络连接失败，请检查网络后点“重试”');
    expect(await stored()).toBeNull(); // nothing reached the database
  });

  it('shows form credits collected by taps next to the subscribe credits', async () => {
    await cloud.backend.call('saveFormId', { formIds: ['f1', 'f2'] });
    const page = await openSettings();
    expect(text(page, '.form-credits')).toBe('2 个');
    expect(await cloud.backend.credits()).toEqual({ form: 2, subscribe: 0 });
  });

  it('adds a reminder with the button and shows the new count', async () => {
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await openSettings();
    expect(text(page, '.low-hint')).toBe('提醒次数不多了，每开启一次可以多提醒你一次');
    await cloud.tap(one(page, '.subscribe'), 'fid-settings');
    expect(cloud.wx.subscribeRequests).toHaveLength(1);
    expect(text(page, '.notice')).toBe('已开启一次提醒');
    expect(text(page, '.credits')).toBe('1 次');
    expect(await cloud.backend.credits()).toEqual({ form: 1, subscribe: 1 });
    expect(await cloud.backend.grantsLeft()).toBe(1);
  });

  it('has no button to add reminders when no subscribe template is configured', async () => {
    appConfig.reminderTemplateId = '';
    const page = await openSettings();
    expect(exists(page, '.subscribe')).toBe(false);
    expect(exists(page, '.low-hint')).toBe(false);
  });

  it('stops hinting about low credits on a day the user declined', async () => {
    cloud.wx.subscribeReply = { answer: 'reject' };
    const page = await openSettings();
    await cloud.tap(one(page, '.subscribe'), 'fid-settings');
    const reopened = await openSettings();
    expect(exists(reopened, '.low-hint')).toBe(false);
    expect(exists(reopened, '.subscribe')).toBe(true);
    expect(await cloud.backend.credits()).toEqual({ form: 1, subscribe: 0 });
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
