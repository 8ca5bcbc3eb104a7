import { chineseDate, hourText, shanghaiDate } from '../../../miniprogram/logic/dates';
import { creditsText, hourAt, hourChoices, markAnswer, markSubmitting, questionView, resultView, settingsView, streakText, subscribeRow } from '../../../miniprogram/logic/views';

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

  it('marks the choice while waiting, then right or wrong, each mark also in words', () => {
    const view = questionView(question)!;
    const tags = (v: typeof view) => v.options.map((o) => `${o.mark}:${o.tag}`);
    expect(tags(markSubmitting(view, 1))).toEqual([':', 'chosen:提交中…', ':']);
    expect(tags(markAnswer(view, { choice: 1, correct: true, correctChoice: 1 }))).toEqual([':', 'correct:你的选择 · 正确', ':']);
    expect(tags(markAnswer(view, { choice: 2, correct: false, correctChoice: 1 }))).toEqual([':', 'correct:正确答案', 'wrong:你的选择']);
  });

  it('gives every option a spoken label with its mark', () => {
    const marked = markAnswer(questionView(question)!, { choice: 2, correct: false, correctChoice: 0 });
    expect(marked.options.map((o) => o.ariaLabel)).toEqual(['选项A：1（正确答案）', '选项B：2', '选项C：3（你的选择）']);
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
    [{ choice: 1, correct: true, correctChoice: 1 }, 'answered', 'good', '回答正确，签到成功', '明天记得再来'],
    [{ choice: 0, correct: false, correctChoice: 2 }, 'answered', 'bad', '回答错误，签到已完成', '正确答案是 C，明天继续加油'],
    [{ choice: 3, correct: true, correctChoice: 3 }, 'again', 'info', '今天已经签到过了', '今天的记录是你之前选的 D，这次不再计入'],
    [{ choice: 1, correct: true, correctChoice: 1 }, 'reopened', 'good', '今天已签到', '你选了 B，回答正确。明天再来答题吧'],
    [{ choice: 0, correct: false, correctChoice: 1 }, 'reopened', 'good', '今天已签到', '你选了 A，正确答案是 B。明天再来答题吧'],
    [null, 'reopened', 'good', '今天已签到', '明天再来答题吧'],
  ] as const)('%p %s is shown as %s: %s / %s', (answer, how, tone, title, detail) => {
    expect(resultView(answer, how)).toEqual({ tone, title, detail });
  });

  it.each([
    [{ form: 3, subscribe: 0 }, false, '还没有可用的提醒次数'],
    [{ form: 0, subscribe: 2 }, false, '还可以提醒你 2 次'],
    [{ form: 3, subscribe: 2 }, false, '还可以提醒你 2 次'],
    [{ form: 3, subscribe: 2 }, true, '还可以提醒你 5 次'],
    [{ form: 3, subscribe: 0 }, true, '还可以提醒你 3 次'],
  ])('credits %p (form channel on: %p) read %s', (credits, formOn, text) => {
    expect(creditsText(credits, formOn)).toBe(text);
  });
});

describe('reminder settings', () => {
  const answer = { ok: true as const, enabled: true, hour: null, effectiveHour: 10, hourSource: 'default' as const, habit: null, automaticHour: 10, credits: { form: 0, subscribe: 5 }, lastRemindedDate: null };

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
    expect(settingsView(answer, window, false)).toMatchObject({
      hourIndex: 0, hourLabel: '自动（目前约 10:00）', summary: '没签到的日子，会在 10:00 左右提醒你（自己签到几次后，会按你的习惯调整）', left: 5, leftText: '5 次', lastReminded: '还没有提醒过',
    });
  });

  it('shows a chosen hour with automatic labelled by its own hour, and the last reminder date', () => {
    const view = settingsView({ ...answer, hour: 20, effectiveHour: 20, hourSource: 'chosen', habit: { hour: 19, checkIns: 5 }, automaticHour: 18, credits: { form: 0, subscribe: 1 }, lastRemindedDate: '2024-05-07' }, window, false);
    expect(view).toMatchObject({ hourIndex: 13, hourLabel: '20:00', summary: '没签到的日子，会在 20:00 左右提醒你', lastReminded: '2024年5月7日' });
    expect(view.hourLabels[0]).toBe('自动（目前约 18:00）');
  });

  it('says an automatic hour was learned from the hour the user checks in by themselves', () => {
    const view = settingsView({ ...answer, effectiveHour: 11, hourSource: 'learned', habit: { hour: 12, checkIns: 4 }, automaticHour: 11 }, window, false);
    expect(view.summary).toBe('没签到的日子，会在 11:00 左右提醒你（你常在 12:00 左右签到，提前一小时）');
  });

  it.each([
    ['off, with reminders left', { enabled: false }, '已关闭，不会提醒你；剩下的 5 次会保留'],
    ['off, with none left', { enabled: false, credits: { form: 0, subscribe: 0 } }, '已关闭，不会提醒你'],
    ['on, with none left (form ids do not count)', { credits: { form: 4, subscribe: 0 } }, '还没有可用的提醒次数：订阅一次，忘了签到时才能提醒你'],
  ])('never promises a reminder it cannot send: %s', (_name, change, summary) => {
    expect(settingsView({ ...answer, ...change }, window, false).summary).toBe(summary);
  });

  it('counts form ids only while the form channel is on, and says they die within 7 days', () => {
    const credits = { form: 4, subscribe: 1 };
    expect(settingsView({ ...answer, credits }, window, true)).toMatchObject({ left: 5, leftText: '5 次', expiringText: '剩余提醒中有 4 次会在 7 天内失效' });
    expect(settingsView({ ...answer, credits }, window, false)).toMatchObject({ left: 1, leftText: '1 次', expiringText: '' });
  });

  const dialog = { kind: 'dialog' as const, templateIds: ['t'] };
  it.each<[string, Parameters<typeof subscribeRow>[0], boolean, boolean, number, string, boolean, boolean]>([
    ['reminders off', dialog, false, false, 3, '打开“忘记签到时提醒我”后，才能订阅提醒', false, false],
    ['none left', dialog, true, true, 0, '每订阅一次，可以在你忘了签到时提醒你一次', true, false],
    ['few left', dialog, true, true, 2, '还能提醒 2 次，每订阅一次多提醒一次', true, false],
    ['enough left', dialog, true, false, 2, '', true, false],
    ['kept "accept"', { kind: 'silent', templateIds: ['t'] }, true, false, 5, '你选了总是接收提醒：每次答题会自动补充提醒次数，最多存 7 次', true, false],
    ['kept "reject" for every template', { kind: 'declined-for-good' }, true, true, 0, '你选了不再接收签到提醒。想重新接收：点“去设置”，在“订阅消息”里打开签到提醒', false, true],
    ['all subscription messages off', { kind: 'switched-off' }, true, true, 0, '你关闭了小程序的订阅消息。想接收提醒：点“去设置”，打开“接收订阅消息”', false, true],
    ['no template configured', { kind: 'none' }, true, true, 0, '', false, false],
  ])('the subscribe row, %s', (_name, plan, enabled, low, left, hint, canSubscribe, openSetting) => {
    expect(subscribeRow(plan, enabled, low, left)).toEqual({ hint, canSubscribe, openSetting });
  });
});
