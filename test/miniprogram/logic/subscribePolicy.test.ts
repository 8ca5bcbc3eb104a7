import { EMPTY_MEMORY, feedbackOf, isDecline, offerReason, outcomeOf, parseMemory, remember, type Outcome } from '../../../miniprogram/logic/subscribePolicy';

const base = { templateId: 'tmpl', remindersEnabled: true, memory: EMPTY_MEMORY, today: '2024-05-06', justCheckedIn: false, credits: null };

describe('when to offer the reminder subscription', () => {
  it.each([
    ['right after a check-in', { justCheckedIn: true }, 'checked-in'],
    ['when subscribe credits are low', { credits: { form: 50, subscribe: 2 } }, 'low-credits'],
    ['not when enough subscribe credits are left', { credits: { form: 0, subscribe: 3 } }, null],
    ['not when credits are unknown and nothing happened', {}, null],
    ['not when no template is configured', { templateId: '', justCheckedIn: true }, null],
    ['not while reminders are switched off (a grant would never be spent)', { remindersEnabled: false, justCheckedIn: true }, null],
    ['not for low credits while reminders are switched off', { remindersEnabled: false, credits: { form: 0, subscribe: 0 } }, null],
    ['not again on a day the user declined', { memory: { declinedOn: '2024-05-06' }, justCheckedIn: true }, null],
    ['again the next day after a decline', { memory: { declinedOn: '2024-05-05' }, justCheckedIn: true }, 'checked-in'],
    ['not for low credits on a declined day', { memory: { declinedOn: '2024-05-06' }, credits: { form: 0, subscribe: 0 } }, null],
  ])('%s', (_name, change, reason) => {
    expect(offerReason({ ...base, ...change })).toBe(reason);
  });
});

describe("reading WeChat's answer", () => {
  it.each([
    ['accept', 'accept'],
    ['acceptWithAudio', 'acceptWithAudio'],
    ['reject', 'reject'],
    ['ban', 'ban'],
    ['filter', 'filter'],
    ['something new', 'missing'],
  ])('%s for our template means %s', (answer, outcome) => {
    expect(outcomeOf('tmpl', { ok: true, value: { errMsg: 'requestSubscribeMessage:ok', tmpl: answer } })).toBe(outcome);
  });

  it('an answer for another template only is missing', () => {
    expect(outcomeOf('tmpl', { ok: true, value: { other: 'accept' } })).toBe('missing');
  });

  it.each([
    [20004, 'switched-off'],
    [10002, 'failed'],
    [null, 'failed'],
  ])('failure errCode %p means %s', (errCode, outcome) => {
    expect(outcomeOf('tmpl', { ok: false, errCode })).toBe(outcome);
  });
});

describe('remembering a decline for the day', () => {
  it.each<[Outcome, boolean]>([
    ['accept', false],
    ['acceptWithAudio', false],
    ['reject', true],
    ['ban', true],
    ['filter', true],
    ['switched-off', true],
    ['failed', false],
    ['missing', false],
  ])('%s closes the offer for today: %p', (outcome, declines) => {
    expect(isDecline(outcome)).toBe(declines);
    expect(remember(EMPTY_MEMORY, outcome, '2024-05-06')).toEqual(declines ? { declinedOn: '2024-05-06' } : EMPTY_MEMORY);
  });

  it.each<[Outcome, boolean, string | null, string, boolean]>([
    ['accept', true, '已订阅一次提醒', '', false],
    ['acceptWithAudio', false, '已订阅一次提醒', '已订阅，网络恢复后计入提醒次数', false],
    ['reject', true, null, '没有订阅，今天不再询问', false],
    ['ban', true, null, '微信暂时不允许订阅这个提醒', false],
    ['switched-off', false, null, '你关闭了小程序的订阅消息，打开后才能订阅提醒', true],
    ['failed', false, null, '订阅没有完成，请再点一次“订阅一次提醒”', false],
  ])('after %s (reported %p): toast %p, notice %p, a way to WeChat\'s settings %p', (outcome, reported, toast, notice, openSetting) => {
    expect(feedbackOf(outcome, reported)).toEqual({ toast, notice, openSetting });
  });

  it.each([[''], [null], [{ declinedOn: 5 }]])('reads a broken stored memory %p as none', (raw) => {
    expect(parseMemory(raw)).toEqual(EMPTY_MEMORY);
  });
});
