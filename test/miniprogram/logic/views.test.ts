import { chineseDate, hourText, shanghaiDate } from '../../../miniprogram/logic/dates';
import { creditsText, hourAt, hourChoices, markChoice, questionView, resultView, settingsView, streakText } from '../../../miniprogram/logic/views';

const window = { start: 8, end: 21 };

describe('dates on the device', () => {
  it.each([
    ['2024-05-05T15:59:59Z', '2024-05-05'],
    ['2024-05-05T16:00:00Z', '2024-05-06'],
    ['2023-12-31T16:00:00Z', '2024-01-01'],
  ])('%s is %s in Shanghai', (iso, date) => {
    expect(shanghaiDate(Date.parse(iso))).toBe(date);
  });

  it('writes dates and hours the Chinese way', () => {
    expect(chineseDate('2024-05-06')).toBe('2024年5月6日');
    expect(chineseDate('not a date')).toBe('not a date');
    expect(hourText(8)).toBe('08:00');
  });
});

describe('the question', () => {
  const question = { id: 'q1', text: '1+1=?', options: ['1', '2', '3'] };

  it('labels options A, B, C', () => {
    expect(questionView(question)!.options.map((o) => `${o.label}.${o.text}`)).toEqual(['A.1', 'B.2', 'C.3']);
  });

  it.each([
    ['no question', null],
    ['no text', { ...question, text: ' ' }],
    ['no id', { ...question, id: '' }],
    ['one option', { ...question, options: ['1'] }],
    ['no options', { ...question, options: undefined as unknown as string[] }],
  ])('%s leaves nothing to answer (the empty state)', (_name, q) => {
    expect(questionView(q)).toBeNull();
  });

  it('marks the choice while waiting, then right or wrong', () => {
    const view = questionView(question)!;
    expect(markChoice(view, 1, null).options.map((o) => o.mark)).toEqual(['', 'chosen', '']);
    expect(markChoice(view, 1, true).options.map((o) => o.mark)).toEqual(['', 'correct', '']);
    expect(markChoice(view, 2, false).options.map((o) => o.mark)).toEqual(['', '', 'wrong']);
  });
});

describe('streak and result wording', () => {
  it.each([
    [0, false, '今天答题，开始连续签到'],
    [4, false, '已连续答题4天，今天答题继续保持'],
    [1, true, '连续答题1天'],
    [12, true, '连续答题12天'],
  ])('streak %i, checked in today %p: %s', (streak, checkedIn, text) => {
    expect(streakText(streak, checkedIn)).toBe(text);
  });

  it.each([
    [{ correct: true, alreadyCheckedIn: false }, 'good', '回答正确！'],
    [{ correct: false, alreadyCheckedIn: false }, 'bad', '回答错误'],
    [{ correct: true, alreadyCheckedIn: true }, 'info', '今天已经签到过了'],
  ])('%p is shown as %s: %s', (answer, tone, title) => {
    expect(resultView({ ok: true, date: '2024-05-06', streak: 1, ...answer })).toMatchObject({ tone, title });
  });

  it.each([
    [{ form: 3, subscribe: 0 }, '还没有可用的提醒次数'],
    [{ form: 0, subscribe: 2 }, '还可以提醒你 2 次'],
  ])('credits %p read %s', (credits, text) => {
    expect(creditsText(credits)).toBe(text);
  });
});

describe('reminder settings', () => {
  const answer = { ok: true as const, enabled: true, hour: null, effectiveHour: 10, credits: { form: 0, subscribe: 5 }, lastRemindedDate: null };

  it('offers automatic first, then every hour of the send window', () => {
    const choices = hourChoices(window, 10);
    expect(choices[0]).toEqual({ hour: null, label: '自动（目前约 10:00）' });
    expect(choices.slice(1).map((c) => c.hour)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  });

  it.each([
    [0, null],
    [1, 8],
    [13, 20],
    [14, 21],
    [15, null],
  ])('picker position %i stores hour %p', (index, hour) => {
    expect(hourAt(window, index)).toBe(hour);
  });

  it('shows the automatic hour, credits and no reminder yet', () => {
    expect(settingsView(answer, window)).toMatchObject({ hourIndex: 0, hourSummary: '每天 10:00 左右提醒未签到的你', subscribeCredits: 5, lastReminded: '还没有提醒过' });
  });

  it('shows a chosen hour, the credits, the last reminder date, and says when reminders are off', () => {
    const view = settingsView({ ...answer, hour: 20, effectiveHour: 20, credits: { form: 0, subscribe: 1 }, lastRemindedDate: '2024-05-07' }, window);
    expect(view).toMatchObject({ hourIndex: 13, subscribeCredits: 1, lastReminded: '2024年5月7日' });
    expect(view.hourLabels[view.hourIndex]).toBe('20:00');
    expect(settingsView({ ...answer, enabled: false }, window).hourSummary).toBe('提醒已关闭');
  });
});
