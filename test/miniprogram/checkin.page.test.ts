/**
 * @jest-environment jsdom
 */
import { useTestCloud } from './harness';
import { all, exists, mount, one, tapCollected, text } from './harness/render';

const cloud = useTestCloud();

describe('check-in page', () => {
  it('shows today\'s question with its options', async () => {
    const page = mount('pages/checkin/index');
    expect(text(page, '.state-title')).toBe('正在加载今天的题目…');
    await cloud.wx.settle();
    const today = (await cloud.backend.call('checkIn', { action: 'today' })) as { question: { text: string; options: string[] } };
    expect(text(page, '.question')).toBe(today.question.text);
    expect(all(page, '.option-text').map((o) => o.dom?.textContent)).toEqual(today.question.options);
    expect(text(page, '.streak')).toBe('今天答题，开始连续签到');
    expect(exists(page, '.badge')).toBe(false);
  });

  it('records a tapped answer in the backend and shows the result and streak', async () => {
    const page = mount('pages/checkin/index');
    await cloud.wx.settle();
    const questionId = page.data.question.id as string;
    const right = await cloud.backend.correctChoice(questionId);
    tapCollected(all(page, '.option')[right]!, 'form-id-from-answer');
    await cloud.wx.settle();
    expect(await cloud.backend.checkIns()).toEqual([{ date: '2024-05-06', correct: true }]);
    expect(text(page, '.badge')).toBe('已签到');
    expect(text(page, '.streak')).toBe('连续答题1天');
    expect(text(page, '.result-title')).toBe('回答正确！');
    expect(one(page, '.option.correct').dom?.textContent).toContain(page.data.question.options[right].text);
  });
});
