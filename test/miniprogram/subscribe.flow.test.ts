/**
 * @jest-environment jsdom
 */
// The subscribe path on the check-in page: after a check-in the page offers one reminder; the tap
// asks WeChat, the answer goes to saveFormId, and a decline closes the offer for the day.
import { appConfig } from '../../miniprogram/config';
import { TEMPLATE_ID, useTestCloud } from './harness';
import { all, exists, mount, one, pageHide, text } from './harness/render';

const cloud = useTestCloud();
type Page = ReturnType<typeof mount>;

async function checkedInPage(): Promise<Page> {
  const page = mount('pages/checkin/index');
  await cloud.wx.settle();
  await cloud.tap(all(page, '.option')[0]!, `fid-${Date.now()}`);
  return page;
}

async function tapSubscribe(page: Page) {
  await cloud.tap(one(page, '.subscribe'), `fid-subscribe-${Date.now()}`);
}

const subscriptionReports = () => cloud.wx.callsTo('saveFormId').filter((c) => c.data.subscriptions && c.outcome === 'answered');

describe('the reminder offer after a check-in', () => {
  it('is shown once the user has checked in, not before', async () => {
    const page = mount('pages/checkin/index');
    await cloud.wx.settle();
    expect(exists(page, '.offer')).toBe(false);
    await cloud.tap(all(page, '.option')[0]!, 'fid');
    expect(text(page, '.offer-text')).toBe('明天忘了签到时，用微信提醒你一次');
    expect(text(page, '.subscribe')).toBe('订阅一次提醒');
  });

  it('is not shown while reminders are switched off, and the page says they are off', async () => {
    await cloud.backend.call('reminderSettings', { action: 'set', enabled: false });
    const page = await checkedInPage();
    expect(exists(page, '.offer')).toBe(false);
    expect(text(page, '.credits')).toBe('签到提醒已关闭，可在“提醒设置”中打开');
    expect(cloud.wx.subscribeRequests).toEqual([]);
  });

  it('asks WeChat synchronously inside the tap, for the configured template', async () => {
    const page = await checkedInPage();
    page.instance.onSubscribe();
    // No await yet: WeChat refuses requestSubscribeMessage once the tap handler has yielded.
    expect(cloud.wx.subscribeRequests).toEqual([[TEMPLATE_ID]]);
    await cloud.wx.settle();
  });

  it('is not shown when no subscribe template is configured', async () => {
    appConfig.reminderTemplateIds = [];
    const page = await checkedInPage();
    expect(exists(page, '.offer')).toBe(false);
  });
});

describe.each([
  ['accept', 1, ''],
  ['acceptWithAudio', 1, ''],
  // WeChat's strong-reminder accepts (current clients): grants like any accept.
  ['acceptWithAlert', 1, ''],
  ['acceptWithForcePush', 1, ''],
  ['reject', 0, '没有订阅，今天不再询问'],
  ['ban', 0, '微信暂时不允许订阅这个提醒'],
  ['filter', 0, '微信暂时不允许订阅这个提醒'],
])('the user answers %s', (answer, credits, notice) => {
  const declined = credits === 0;

  it(`reports the answer to saveFormId and holds ${credits} subscribe credit(s)`, async () => {
    cloud.wx.subscribeReply = { answer };
    const page = await checkedInPage();
    await tapSubscribe(page);
    expect(subscriptionReports().map((c) => c.data.subscriptions)).toEqual([{ [TEMPLATE_ID]: answer }]);
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: credits });
    expect(await cloud.backend.grantsLeft()).toBe(credits); // the database counts what WeChat granted
    if (notice) expect(text(page, '.notice')).toBe(notice);
    else expect(exists(page, '.notice')).toBe(false);
    // A grant is confirmed by a toast; a refusal is not celebrated.
    expect(cloud.wx.toasts).toEqual(credits ? ['已订阅一次提醒'] : []);
    expect(exists(page, '.offer')).toBe(false);
    expect(text(page, '.credits')).toBe(credits ? `还可以提醒你 ${credits} 次` : '还没有可用的提醒次数');
  });

  it(declined ? 'is not asked again the same day, but is the next day' : 'is offered more reminders while credits are low', async () => {
    cloud.wx.subscribeReply = { answer };
    await tapSubscribe(await checkedInPage());
    await cloud.travelTo('2024-05-06T12:00:00Z');
    const reopened = mount('pages/checkin/index');
    await cloud.wx.settle();
    if (declined) {
      expect(exists(reopened, '.offer')).toBe(false);
      await cloud.travelTo('2024-05-07T01:00:00Z');
      expect(text(await checkedInPage(), '.offer-text')).toBe('明天忘了签到时，用微信提醒你一次');
    } else {
      expect(text(reopened, '.offer-text')).toBe('订阅的提醒还剩 1 次，用完就不再提醒');
    }
  });
});

describe('when subscribing does not go through', () => {
  it('the main switch being off (errCode 20004) reports nothing, offers WeChat\'s settings and closes the offer for the day', async () => {
    cloud.wx.subscribeReply = { failCode: 20004 };
    const page = await checkedInPage();
    await tapSubscribe(page);
    expect(text(page, '.notice')).toBe('你关闭了小程序的订阅消息，打开后才能订阅提醒');
    expect(subscriptionReports()).toEqual([]);
    await cloud.tap(one(page, '.open-setting'), 'fid-open-setting');
    expect(cloud.wx.openedSettings).toEqual([{ withSubscriptions: true }]);
    const reopened = mount('pages/checkin/index');
    await cloud.wx.settle();
    expect(exists(reopened, '.offer')).toBe(false);
  });

  it('a dialog failure reports nothing and leaves the offer there to tap again', async () => {
    cloud.wx.subscribeReply = { failCode: 10002 };
    const page = await checkedInPage();
    await tapSubscribe(page);
    expect(text(page, '.notice')).toBe('订阅没有完成，请再点一次“订阅一次提醒”');
    expect(subscriptionReports()).toEqual([]);
    expect(exists(page, '.offer')).toBe(true);
    cloud.wx.subscribeReply = { answer: 'accept' };
    await tapSubscribe(page);
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 1 });
  });

  it('a grant the server refuses (100 reminders saved up) is not celebrated: the user is told why', async () => {
    await cloud.backend.holdCredits('subscribe', 100);
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await checkedInPage();
    await tapSubscribe(page);
    expect(subscriptionReports()).toHaveLength(1);
    expect(cloud.wx.toasts).toEqual([]);
    expect(text(page, '.notice')).toBe('提醒次数已经攒满 100 次，这次没有再增加');
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 100 });
  });

  it('a grant for a template the server does not know is not counted, and the user is told so', async () => {
    appConfig.reminderTemplateIds = ['TPL_FROM_AN_OLD_BUILD'];
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await checkedInPage();
    await tapSubscribe(page);
    expect(cloud.wx.toasts).toEqual([]);
    expect(text(page, '.notice')).toBe('这个提醒已经停用，这次没有计入提醒次数');
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 0 });
  });

  it('an accept whose answer was lost on the way back is counted once when the app sends it again', async () => {
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await checkedInPage();
    cloud.wx.loseNextAnswer = true; // saveFormId stores the grant; the phone never hears back
    await tapSubscribe(page);
    expect(text(page, '.notice')).toBe('已订阅，网络恢复后计入提醒次数');
    pageHide(page);
    await cloud.wx.settle();
    const reports = subscriptionReports();
    expect(reports).toHaveLength(2);
    expect(reports[1]!.data.requestId).toBe(reports[0]!.data.requestId);
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 1 });
  });

  it('an accept reported while offline is kept and counted once the network is back', async () => {
    cloud.wx.subscribeReply = { answer: 'accept' };
    const page = await checkedInPage();
    cloud.wx.offline = true;
    await tapSubscribe(page);
    expect(text(page, '.notice')).toBe('已订阅，网络恢复后计入提醒次数');
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 0 });
    cloud.wx.offline = false;
    pageHide(page);
    await cloud.wx.settle();
    expect(await cloud.backend.credits()).toMatchObject({ subscribe: 1 });
    expect(subscriptionReports()).toHaveLength(1);
  });
});
