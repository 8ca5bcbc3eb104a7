/**
 * @jest-environment jsdom
 */
// What the user keeps in WeChat's subscription settings (PLATFORM.md §1), read with
// wx.getSetting({ withSubscriptions: true }): "总是保持以上选择" with accept (the app tops up one
// grant at a natural tap, with no dialog), with reject (never asked again; the settings page says
// how to undo it), and the main switch off (wx.openSetting, with an explanation).
import { TEMPLATE_ID, useTestCloud } from './harness';
import { all, exists, mount, one, text } from './harness/render';

const cloud = useTestCloud();
type Page = ReturnType<typeof mount>;

const grantReports = () => cloud.wx.callsTo('saveFormId').filter((c) => c.data.subscriptions && c.outcome === 'answered');

async function openCheckIn(): Promise<Page> {
  const page = mount('pages/checkin/index');
  await cloud.wx.settle();
  return page;
}

async function answerQuiz(page: Page): Promise<void> {
  await cloud.tap(all(page, '.option')[0]!, `fid-answer-${Date.now()}`);
}

/** Day 1: the user checks in and accepts the offer, ticking "总是保持以上选择". */
async function keepAccepting(): Promise<void> {
  cloud.wx.subscribeReply = { answer: 'accept', keep: true };
  const page = await openCheckIn();
  await answerQuiz(page);
  await cloud.tap(one(page, '.subscribe'), 'fid-subscribe');
  expect(cloud.wx.subscriptions.itemSettings).toEqual({ [TEMPLATE_ID]: 'accept' });
}

describe('a user who keeps "accept"', () => {
  it('gets one more grant when answering the next day\'s quiz, with no dialog and no offer', async () => {
    await keepAccepting();
    expect(cloud.wx.dialogsShown).toBe(1);
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 1 });
    await cloud.travelTo('2024-05-07T01:00:00Z');
    const page = await openCheckIn();
    await answerQuiz(page);
    expect(cloud.wx.subscribeRequests).toEqual([[TEMPLATE_ID], [TEMPLATE_ID]]);
    expect(cloud.wx.dialogsShown).toBe(1); // WeChat answered by itself
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 2 });
    expect(await cloud.backend.grantsLeft()).toBe(2);
    expect(exists(page, '.offer')).toBe(false);
    expect(cloud.wx.toasts).toEqual(['已订阅一次提醒']); // day 1's, asked for by the user; the top-up is quiet
    expect(text(page, '.credits')).toBe('还可以提醒你 2 次');
    expect(cloud.wx.refusedWithoutTap).toEqual([]);
  });

  it('is topped up only up to 7: at the stock, answering asks for nothing', async () => {
    cloud.wx.subscriptions.itemSettings[TEMPLATE_ID] = 'accept';
    await cloud.backend.holdCredits('subscribe', 6);
    for (let i = 0; i < 6; i++) await cloud.backend.subscribeAnswered(TEMPLATE_ID, 'accept'); // WeChat's side of those grants
    await cloud.backend.call('reminderSettings', { action: 'get' }); // the app learns the count on its next call
    const page = await openCheckIn();
    await answerQuiz(page);
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 7 });
    await cloud.travelTo('2024-05-07T01:00:00Z');
    await answerQuiz(await openCheckIn());
    expect(cloud.wx.subscribeRequests).toHaveLength(1);
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 7 });
  });

  it('is topped up again once reminders have spent the stock it knew of', async () => {
    cloud.wx.subscriptions.itemSettings[TEMPLATE_ID] = 'accept';
    await cloud.backend.holdCredits('subscribe', 6);
    for (let i = 0; i < 6; i++) await cloud.backend.subscribeAnswered(TEMPLATE_ID, 'accept'); // WeChat's side of those grants
    await answerQuiz(await openCheckIn()); // topped up: the app learns the stock, 7
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 7 });
    for (const day of ['2024-05-07', '2024-05-08']) {
      await cloud.travelTo(`${day}T12:00:00Z`); // 20:00, not checked in
      await cloud.backend.fireReminders();
    }
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 5 });
    await cloud.travelTo('2024-05-09T01:00:00Z');
    await answerQuiz(await openCheckIn());
    expect(cloud.wx.subscribeRequests).toEqual([[TEMPLATE_ID], [TEMPLATE_ID]]);
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 6 });
  });

  it('is not topped up while reminders are off', async () => {
    cloud.wx.subscriptions.itemSettings[TEMPLATE_ID] = 'accept';
    await cloud.backend.call('reminderSettings', { action: 'set', enabled: false });
    await answerQuiz(await openCheckIn());
    expect(cloud.wx.subscribeRequests).toEqual([]);
  });

  it('gets one more grant from a tap on the settings page (发送测试提醒), before the test spends one', async () => {
    cloud.wx.subscriptions.itemSettings[TEMPLATE_ID] = 'accept';
    const page = mount('pages/settings/index');
    await cloud.wx.settle();
    expect(text(page, '.hint')).toBe('你选了总是接收提醒：每次答题会自动补充提醒次数，最多存 7 次');
    await cloud.tap(one(page, '.test-reminder'), 'fid-test');
    expect(cloud.wx.dialogsShown).toBe(0);
    expect(grantReports()).toHaveLength(1);
    // The grant it added is the one the test reminder then used.
    expect(text(page, '.test-notice')).toBe('测试提醒已发出，请到微信“服务通知”里查看；用掉了一次提醒');
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 0 });
  });

  it('is asked inside the tap, before the answer\'s cloud call would use the tap up', async () => {
    cloud.wx.subscriptions.itemSettings[TEMPLATE_ID] = 'accept';
    const page = await openCheckIn();
    await answerQuiz(page);
    expect(cloud.wx.refusedWithoutTap).toEqual([]);
    const order = cloud.wx.calls.map((c) => c.name);
    expect(order.indexOf('saveFormId')).toBeGreaterThan(order.indexOf('checkIn'));
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 1 });
  });
});

describe('a user who keeps "reject"', () => {
  it('is never asked again, and the settings page says how to change it', async () => {
    cloud.wx.subscribeReply = { answer: 'reject', keep: true };
    const page = await openCheckIn();
    await answerQuiz(page);
    await cloud.tap(one(page, '.subscribe'), 'fid-subscribe');
    expect(cloud.wx.subscriptions.itemSettings).toEqual({ [TEMPLATE_ID]: 'reject' });
    // Days later: no offer after the check-in, no request at a tap.
    await cloud.travelTo('2024-05-09T01:00:00Z');
    const later = await openCheckIn();
    await answerQuiz(later);
    expect(exists(later, '.offer')).toBe(false);
    expect(cloud.wx.subscribeRequests).toHaveLength(1);
    const settings = mount('pages/settings/index');
    await cloud.wx.settle();
    expect(exists(settings, '.subscribe')).toBe(false);
    expect(text(settings, '.hint')).toBe('你选了不再接收签到提醒。想重新接收：点“去设置”，在“订阅消息”里打开签到提醒');
    // 去设置 opens WeChat's settings; the user turns the reminder back on there.
    cloud.wx.onSettingsPage = (s) => void delete s.itemSettings[TEMPLATE_ID];
    await cloud.tap(one(settings, '.open-setting-hint'), 'fid-open');
    expect(cloud.wx.openedSettings).toEqual([{ withSubscriptions: true }]);
    expect(exists(settings, '.subscribe')).toBe(true);
    expect(exists(settings, '.open-setting-hint')).toBe(false);
  });
});

describe('a user who switched all subscription messages off', () => {
  it('is shown why and led to WeChat\'s settings, and gets the usual offer once the switch is on', async () => {
    cloud.wx.subscriptions.mainSwitch = false;
    const page = await openCheckIn();
    await answerQuiz(page);
    expect(text(page, '.offer-text')).toBe('你关闭了小程序的订阅消息，打开后才能在你忘了签到时提醒你');
    expect(text(page, '.subscribe')).toBe('去设置');
    cloud.wx.onSettingsPage = (s) => void (s.mainSwitch = true);
    await cloud.tap(one(page, '.subscribe'), 'fid-open');
    expect(cloud.wx.openedSettings).toEqual([{ withSubscriptions: true }]);
    expect(cloud.wx.subscribeRequests).toEqual([]);
    expect(text(page, '.offer-text')).toBe('明天忘了签到时，用微信提醒你一次');
    cloud.wx.subscribeReply = { answer: 'accept' };
    await cloud.tap(one(page, '.subscribe'), 'fid-subscribe');
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 1 });
  });

  it('sees it explained on the settings page, with 去设置 and no subscribe button', async () => {
    cloud.wx.subscriptions.mainSwitch = false;
    const page = mount('pages/settings/index');
    await cloud.wx.settle();
    expect(text(page, '.hint')).toBe('你关闭了小程序的订阅消息。想接收提醒：点“去设置”，打开“接收订阅消息”');
    expect(exists(page, '.subscribe')).toBe(false);
    await cloud.tap(one(page, '.open-setting-hint'), 'fid-open');
    expect(cloud.wx.openedSettings).toHaveLength(1);
  });
});

