/**
 * @jest-environment jsdom
 */
// 答题签到 end to end: the page's taps go through services and wx.cloud to the backend's functions.
import type { CheckInStatus } from '../../src/contract';
import { appConfig } from '../../miniprogram/config';
import { KEYS } from '../../miniprogram/services/storage';
import { useTestCloud } from './harness';
import { all, attribute, exists, mount, one, pageHide, text } from './harness/render';

const cloud = useTestCloud();
type Page = ReturnType<typeof mount>;

async function openPage(): Promise<Page> {
  const page = mount('pages/checkin/index');
  await cloud.wx.settle();
  return page;
}

async function answer(page: Page, which: 'right' | 'wrong', formId = 'form-id-from-answer') {
  const right = await cloud.backend.correctChoice(page.data.question.id);
  await cloud.tap(all(page, '.option')[which === 'right' ? right : (right + 1) % page.data.question.options.length]!, formId);
}

describe('check-in page', () => {
  it("shows a loading state, then today's question with its options", async () => {
    const page = mount('pages/checkin/index');
    expect(text(page, '.loading .state-hint')).toBe('正在加载今天的题目');
    await cloud.wx.settle();
    const today = (await cloud.backend.call('checkIn', { action: 'today' })) as CheckInStatus;
    expect(text(page, '.date')).toBe('2024年5月6日');
    expect(text(page, '.question')).toBe(today.question.text);
    expect(all(page, '.option-text').map((o) => o.dom?.textContent)).toEqual(today.question.options);
    expect(text(page, '.streak')).toBe('今天答题，开始连续签到');
    expect(exists(page, '.badge')).toBe(false);
    expect(attribute(all(page, '.option')[1]!, 'aria-label')).toBe(`选项B：${today.question.options[1]}`);
  });

  it("records a tapped answer in the emulator's database and shows the result, 已签到 and the streak", async () => {
    const page = await openPage();
    await answer(page, 'right');
    expect(await cloud.backend.checkIns()).toEqual([{ date: '2024-05-06', correct: true }]);
    expect(await cloud.backend.user()).toMatchObject({ lastCheckInDate: '2024-05-06', streak: 1 });
    expect(text(page, '.badge')).toBe('已签到');
    expect(text(page, '.streak')).toBe('连续答题1天');
    expect(text(page, '.result-title')).toBe('回答正确，签到成功');
    expect(all(page, '.option.correct')).toHaveLength(1);
    expect(text(page, '.option.correct .option-tag')).toBe('你的选择 · 正确');
    expect(attribute(one(page, '.option.correct'), 'aria-label')).toMatch(/（你的选择 · 正确）$/);
  });

  it('checks in on a wrong answer too, marks the pick and shows the right option', async () => {
    const page = await openPage();
    const right = await cloud.backend.correctChoice(page.data.question.id);
    await answer(page, 'wrong');
    expect(await cloud.backend.checkIns()).toEqual([{ date: '2024-05-06', correct: false }]);
    expect(text(page, '.result-title')).toBe('回答错误，签到已完成');
    expect(text(page, '.result-detail')).toBe(`正确答案是 ${'ABCD'[right]}，明天继续加油`);
    expect(text(page, '.option.wrong .option-tag')).toBe('你的选择');
    expect(all(page, '.option.correct').map((o) => o.dom?.dataset.index)).toEqual([String(right)]);
    expect(text(page, '.option.correct .option-tag')).toBe('正确答案');
  });

  it('collects no form id while the form channel is off (no form template configured: the default)', async () => {
    const page = await openPage();
    await answer(page, 'right', 'form-id-from-answer');
    pageHide(page);
    await cloud.wx.settle();
    expect(cloud.wx.callsTo('saveFormId')).toEqual([]);
    expect(cloud.wx.storage.get(KEYS.pendingCredits)).toBeUndefined();
  });

  it('stops collecting form ids for the day once saveFormId says the channel is off (the build thought it on)', async () => {
    appConfig.formChannel = true;
    const page = await openPage();
    await answer(page, 'right', 'form-id-from-answer');
    pageHide(page);
    await cloud.wx.settle();
    expect(cloud.wx.callsTo('saveFormId').map((c) => c.outcome)).toEqual(['answered']);
    expect(await cloud.backend.storedFormIds()).toEqual([]);
    await cloud.tap(all(page, '.option')[1]!, 'form-id-after'); // inside a collector: it would yield a form id
    pageHide(page);
    await cloud.wx.settle();
    expect(cloud.wx.callsTo('saveFormId')).toHaveLength(1);
  });

  it('counts the streak over consecutive days', async () => {
    await answer(await openPage(), 'right');
    await cloud.travelTo('2024-05-07T00:30:00Z');
    const nextDay = await openPage();
    expect(text(nextDay, '.streak')).toBe('已连续答题1天，今天答题继续保持');
    await answer(nextDay, 'wrong');
    expect(text(nextDay, '.streak')).toBe('连续答题2天');
    expect((await cloud.backend.checkIns()).map((c) => c.date)).toEqual(['2024-05-06', '2024-05-07']);
    expect(await cloud.backend.user()).toMatchObject({ lastCheckInDate: '2024-05-07', streak: 2 });
  });

  it('stays 已签到 for the rest of the day: reopening shows what was picked, and taps change nothing', async () => {
    const first = await openPage();
    const right = await cloud.backend.correctChoice(first.data.question.id);
    await answer(first, 'wrong');
    await cloud.travelTo('2024-05-06T15:59:00Z');
    const later = await openPage();
    expect(text(later, '.badge')).toBe('已签到');
    const picked = 'ABCD'[(right + 1) % 4];
    expect(text(later, '.result-title')).toBe('今天已签到');
    expect(text(later, '.result-detail')).toBe(`你选了 ${picked}，正确答案是 ${'ABCD'[right]}。明天再来答题吧`);
    expect(text(later, '.option.wrong .option-label')).toBe(picked);
    expect(text(later, '.option.correct .option-tag')).toBe('正确答案');
    const callsBefore = cloud.wx.callsTo('checkIn').length;
    await cloud.tap(all(later, '.option')[0]!, 'late-tap');
    expect(cloud.wx.callsTo('checkIn')).toHaveLength(callsBefore);
    expect(await cloud.backend.checkIns()).toHaveLength(1);
  });

  it('shows the new day when the page comes back after midnight', async () => {
    const page = await openPage();
    await answer(page, 'right');
    await cloud.travelTo('2024-05-06T16:00:00Z');
    page.instance.onShow();
    await cloud.wx.settle();
    expect(text(page, '.date')).toBe('2024年5月7日');
    expect(exists(page, '.badge')).toBe(false);
    expect(text(page, '.streak')).toBe('已连续答题1天，今天答题继续保持');
  });

  it("answering yesterday's question after midnight loads today's and asks again", async () => {
    const page = await openPage();
    await cloud.travelTo('2024-05-06T16:00:01Z');
    await cloud.tap(all(page, '.option')[0]!, 'fid');
    expect(text(page, '.date')).toBe('2024年5月7日');
    expect(text(page, '.answer-error')).toBe('题目已更新到今天，请重新作答');
    expect(exists(page, '.retry-answer')).toBe(false);
    expect(await cloud.backend.checkIns()).toEqual([]);
  });
});

describe('check-in page when things go wrong', () => {
  it('offline: says the network failed, and retry loads the question once it is back', async () => {
    cloud.wx.offline = true;
    const page = await openPage();
    expect(text(page, '.error-title')).toBe('网络连接失败');
    expect(text(page, '.error-hint')).toBe('请检查网络后重试');
    cloud.wx.offline = false;
    await cloud.tap(one(page, '.retry'), 'fid-retry');
    expect(page.data.status).toBe('ready');
    expect(exists(page, '.question')).toBe(true);
  });

  it.each([
    ['the function crashes', () => cloud.backend.crash('checkIn', true)],
    ['the function answers a failure', () => cloud.backend.failDatabase(true)],
  ])('%s: says the service has a problem and to retry later', async (_name, breakIt) => {
    await breakIt();
    const page = await openPage();
    await cloud.until(() => page.data.status === 'error', 'the error state'); // an UNAVAILABLE answer is tried again first
    expect(text(page, '.error-title')).toBe('服务暂时出了点问题');
    expect(text(page, '.error-hint')).toBe('请稍后重试');
    expect(text(page, '.retry')).toBe('重试');
    expect(cloud.warnings.join('\n')).toMatch(/checkin: cannot load today/);
  });

  it('a failed answer keeps the question answerable and explains; the next tap checks in', async () => {
    const page = await openPage();
    cloud.wx.offline = true;
    await answer(page, 'right');
    expect(text(page, '.answer-error')).toBe('网络连接失败，答案没有提交。请检查网络后重试');
    expect(exists(page, '.badge')).toBe(false);
    expect(all(page, '.option.chosen')).toHaveLength(0);
    cloud.wx.offline = false;
    await answer(page, 'right');
    expect(text(page, '.badge')).toBe('已签到');
    expect(exists(page, '.answer-error')).toBe(false);
    expect(await cloud.backend.checkIns()).toHaveLength(1);
  });

  it("the 重试 next to a failed answer sends the same choice again", async () => {
    const page = await openPage();
    cloud.wx.offline = true;
    await answer(page, 'wrong');
    cloud.wx.offline = false;
    await cloud.tap(one(page, '.retry-answer'), 'fid-retry-answer');
    expect(await cloud.backend.checkIns()).toEqual([{ date: '2024-05-06', correct: false }]);
    expect(text(page, '.result-title')).toBe('回答错误，签到已完成');
  });
});
