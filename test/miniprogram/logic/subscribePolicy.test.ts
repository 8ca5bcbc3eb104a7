import {
  askPlan,
  EMPTY_MEMORY,
  feedbackOf,
  isDecline,
  offerReason,
  outcomeOf,
  parseMemory,
  parseSubscriptionSettings,
  remember,
  TOP_UP_STOCK,
  topUpWanted,
  type AskPlan,
  type OfferInput,
  type Outcome,
  type SubscriptionSettings,
} from '../../../miniprogram/logic/subscribePolicy';

const ON: SubscriptionSettings = { mainSwitch: true, kept: {} };
const dialog: AskPlan = { kind: 'dialog', templateIds: ['tmpl'] };
const base: OfferInput = { plan: dialog, remindersEnabled: true, memory: EMPTY_MEMORY, today: '2024-05-06', justCheckedIn: false, credits: null };

describe('how asking would go, from wx.getSetting', () => {
  it.each<[string, SubscriptionSettings | null, AskPlan]>([
    ['settings unknown: a dialog for every template', null, { kind: 'dialog', templateIds: ['t1', 't2'] }],
    ['nothing kept: a dialog', ON, { kind: 'dialog', templateIds: ['t1', 't2'] }],
    ['every template kept as accepted: silently', { mainSwitch: true, kept: { t1: 'accept', t2: 'accept' } }, { kind: 'silent', templateIds: ['t1', 't2'] }],
    ['one kept, one not: a dialog', { mainSwitch: true, kept: { t1: 'accept' } }, { kind: 'dialog', templateIds: ['t1', 't2'] }],
    ['one kept as rejected: only the other is asked for', { mainSwitch: true, kept: { t1: 'reject', t2: 'accept' } }, { kind: 'silent', templateIds: ['t2'] }],
    ['every template kept as rejected or banned: never asked again', { mainSwitch: true, kept: { t1: 'reject', t2: 'ban' } }, { kind: 'declined-for-good' }],
    ['all subscription messages off', { mainSwitch: false, kept: { t1: 'accept' } }, { kind: 'switched-off' }],
  ])('%s', (_name, settings, plan) => {
    expect(askPlan(['t1', 't2'], settings)).toEqual(plan);
  });

  it('has nothing to ask for when no template is configured', () => {
    expect(askPlan([], ON)).toEqual({ kind: 'none' });
  });

  it.each([
    [{ mainSwitch: true }, { mainSwitch: true, kept: {} }],
    [{ mainSwitch: false, itemSettings: { a: 'accept', b: 'reject', c: 'ban', d: 'maybe' } }, { mainSwitch: false, kept: { a: 'accept', b: 'reject', c: 'ban' } }],
    [{ itemSettings: {} }, null],
    [undefined, null],
  ])('reads subscriptionsSetting %p', (raw, settings) => {
    expect(parseSubscriptionSettings(raw)).toEqual(settings);
  });
});

describe('when to offer the reminder subscription', () => {
  it.each<[string, Partial<OfferInput>, string | null]>([
    ['right after a check-in', { justCheckedIn: true }, 'checked-in'],
    ['when subscribe credits are low', { credits: { form: 50, subscribe: 2 } }, 'low-credits'],
    ['not when enough subscribe credits are left', { credits: { form: 0, subscribe: 3 } }, null],
    ['not when credits are unknown and nothing happened', {}, null],
    ['not when no template is configured', { plan: { kind: 'none' }, justCheckedIn: true }, null],
    ['not while reminders are switched off (a grant would never be spent)', { remindersEnabled: false, justCheckedIn: true }, null],
    ['not for low credits while reminders are switched off', { remindersEnabled: false, credits: { form: 0, subscribe: 0 } }, null],
    ['not again on a day the user declined', { memory: { declinedOn: '2024-05-06' }, justCheckedIn: true }, null],
    ['again the next day after a decline', { memory: { declinedOn: '2024-05-05' }, justCheckedIn: true }, 'checked-in'],
    ['not for low credits on a declined day', { memory: { declinedOn: '2024-05-06' }, credits: { form: 0, subscribe: 0 } }, null],
    ['never to a user WeChat answers silently (the app tops up by itself)', { plan: { kind: 'silent', templateIds: ['tmpl'] }, justCheckedIn: true }, null],
    ['never to a user who declined for good', { plan: { kind: 'declined-for-good' }, justCheckedIn: true, credits: { form: 0, subscribe: 0 } }, null],
    ['the way to WeChat\'s settings after a check-in while all messages are off', { plan: { kind: 'switched-off' }, justCheckedIn: true }, 'switched-off'],
    ['the way to WeChat\'s settings while all messages are off and few are left', { plan: { kind: 'switched-off' }, credits: { form: 0, subscribe: 1 } }, 'switched-off'],
    ['not the way to the settings on a day the user already declined', { plan: { kind: 'switched-off' }, justCheckedIn: true, memory: { declinedOn: '2024-05-06' } }, null],
  ])('%s', (_name, change, reason) => {
    expect(offerReason({ ...base, ...change })).toBe(reason);
  });
});

describe('the silent top-up', () => {
  const silent: AskPlan = { kind: 'silent', templateIds: ['tmpl'] };
  it.each<[string, AskPlan, boolean, number | null, boolean]>([
    ['a user who keeps "accept", with few left', silent, true, 2, true],
    ['one short of the stock', silent, true, TOP_UP_STOCK - 1, true],
    ['not at the stock', silent, true, TOP_UP_STOCK, false],
    ['credits unknown: yes (one more grant is never wrong)', silent, true, null, true],
    ['not while reminders are off', silent, false, 0, false],
    ['not when WeChat would show a dialog', dialog, true, 0, false],
  ])('%s', (_name, plan, enabled, subscribe, wanted) => {
    expect(topUpWanted(plan, enabled, subscribe === null ? null : { form: 0, subscribe })).toBe(wanted);
  });
});

describe("reading WeChat's answer", () => {
  const answered = (value: Record<string, unknown>) => outcomeOf(['t1', 't2'], { ok: true, value: { errMsg: 'requestSubscribeMessage:ok', ...value } });
  it.each<[string, Record<string, unknown>, Outcome, number]>([
    ['both accepted', { t1: 'accept', t2: 'accept' }, 'granted', 2],
    ['a strong-reminder accept', { t1: 'acceptWithAlert', t2: 'reject' }, 'granted', 1],
    ['a forced-push accept', { t1: 'acceptWithForcePush' }, 'granted', 1],
    ['a voice accept', { t2: 'acceptWithAudio' }, 'granted', 1],
    ['rejected', { t1: 'reject', t2: 'ban' }, 'reject', 0],
    ['banned', { t1: 'ban' }, 'blocked', 0],
    ['filtered', { t1: 'filter' }, 'blocked', 0],
    ['something new', { t1: 'somethingNew' }, 'missing', 0],
    ['an answer for another template only', { other: 'accept' }, 'missing', 0],
  ])('%s', (_name, value, outcome, grants) => {
    expect(answered(value)).toMatchObject({ outcome, grants });
  });

  it('keeps our templates\' answers, not others\'', () => {
    expect(answered({ t1: 'accept', other: 'accept', t2: 'nonsense' }).answers).toEqual({ t1: 'accept' });
  });

  it.each([
    [20004, 'switched-off'],
    [10002, 'failed'],
    [null, 'failed'],
  ])('failure errCode %p means %s', (errCode, outcome) => {
    expect(outcomeOf(['t1'], { ok: false, errCode })).toEqual({ outcome, answers: {}, grants: 0 });
  });
});

describe('remembering a decline for the day', () => {
  it.each<[Outcome, boolean]>([
    ['granted', false],
    ['reject', true],
    ['blocked', true],
    ['switched-off', true],
    ['failed', false],
    ['missing', false],
  ])('%s closes the offer for today: %p', (outcome, declines) => {
    expect(isDecline(outcome)).toBe(declines);
    expect(remember(EMPTY_MEMORY, outcome, '2024-05-06')).toEqual(declines ? { declinedOn: '2024-05-06' } : EMPTY_MEMORY);
  });

  it.each([[''], [null], [{ declinedOn: 5 }]])('reads a broken stored memory %p as none', (raw) => {
    expect(parseMemory(raw)).toEqual(EMPTY_MEMORY);
  });
});

describe('what the user is told', () => {
  const granted = (grants: number) => ({ outcome: 'granted' as const, answers: {}, grants });
  const other = (outcome: Outcome) => ({ outcome, answers: {}, grants: 0 });
  it.each<[string, ReturnType<typeof granted>, Parameters<typeof feedbackOf>[1], string | null, string, boolean]>([
    ['one grant stored', granted(1), { saved: 1, rejected: [] }, '已订阅一次提醒', '', false],
    ['three grants stored', granted(3), { saved: 3, rejected: [] }, '已订阅3次提醒', '', false],
    ['a grant waiting for the network', granted(1), null, null, '已订阅，网络恢复后计入提醒次数', false],
    ['a grant refused as quota: no toast, the reason', granted(1), { saved: 0, rejected: [{ value: 't1', reason: 'quota' }] }, null, '提醒次数已经攒满 100 次，这次没有再增加', false],
    ['a grant for a template the server no longer has', granted(1), { saved: 0, rejected: [{ value: 't1', reason: 'template' }] }, null, '这个提醒已经停用，这次没有计入提醒次数', false],
    ['two stored, one refused', granted(3), { saved: 2, rejected: [{ value: 't3', reason: 'quota' }] }, '已订阅2次提醒', '提醒次数已经攒满 100 次，这次没有再增加', false],
    ['a refusal the app does not know', granted(1), { saved: 0, rejected: [{ value: 't1', reason: 'duplicate' }] }, null, '这次订阅没有计入提醒次数，请稍后再试', false],
  ])('%s', (_name, asked, report, toast, notice, openSetting) => {
    expect(feedbackOf(asked, report)).toEqual({ toast, notice, openSetting });
  });

  it.each<[Outcome, string, boolean]>([
    ['reject', '没有订阅，今天不再询问', false],
    ['blocked', '微信暂时不允许订阅这个提醒', false],
    ['switched-off', '你关闭了小程序的订阅消息，打开后才能订阅提醒', true],
    ['failed', '订阅没有完成，请再点一次“订阅一次提醒”', false],
    ['missing', '订阅没有完成，请再点一次“订阅一次提醒”', false],
  ])('after %s: %s (a way to WeChat\'s settings: %p)', (outcome, notice, openSetting) => {
    expect(feedbackOf(other(outcome), null)).toEqual({ toast: null, notice, openSetting });
  });
});
