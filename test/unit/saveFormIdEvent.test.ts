import { parseSaveFormIdEvent } from '../../src/domain/events/saveFormIdEvent';

const TPL = 'tpl_Reminder-1';
const plan = (event: unknown, templateIds = [TPL]) => parseSaveFormIdEvent(event, templateIds);
const ok = (accepted: string[], rejected: { value: string; reason: string }[] = [], grants = 0) => ({
  ok: true,
  value: { accepted, rejected, subscribeGrants: grants > 0 ? { [TPL]: grants } : {} },
});
const bad = (field: string, message: RegExp) => ({ ok: false, field, message: expect.stringMatching(message) });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `fid${i}`);

describe('saveFormId form ids', () => {
  it.each<[string, unknown, unknown]>([
    ['keeps the original single formId', { formId: 'abc123' }, ok(['abc123'])],
    ['keeps a list in the order sent', { formIds: ['b', 'a', 'c'] }, ok(['b', 'a', 'c'])],
    ['merges formId and formIds, formId first', { formId: 'x', formIds: ['y'] }, ok(['x', 'y'])],
    ['stores a repeat within the call once', { formIds: ['a', 'b', 'a'], formId: 'b' }, ok(['b', 'a'])],
    ['accepts 128 characters', { formId: 'f'.repeat(128) }, ok(['f'.repeat(128)])],
    ['saves nothing and fails nothing for an empty event', {}, ok([])],
    ['reads undefined like an empty event', undefined, ok([])],
    ['reads null like an empty event', null, ok([])],
  ])('%s', (_name, event, expected) => {
    expect(plan(event)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['DevTools placeholder', 'the formId is a mock one', 'placeholder'],
    ['develop/trial placeholder', 'the formId is no longer available in develop or trial version of this mini program', 'placeholder'],
    ['anything containing mock', 'abcmockdef', 'placeholder'],
    ['mock in capitals', 'MOCK-123', 'placeholder'],
    ['empty string', '', 'empty'],
    ['only spaces', '   ', 'empty'],
  ])('rejects a %s with a reason and stores the rest', (_name, value, reason) => {
    expect(plan({ formIds: ['real1', value, 'real2'] })).toEqual(ok(['real1', 'real2'], [{ value, reason }]));
  });

  it('rejects a form id over 128 characters, echoing it shortened', () => {
    const long = 'x'.repeat(129);
    expect(plan({ formId: long })).toEqual(ok([], [{ value: `${'x'.repeat(32)}…`, reason: 'too-long' }]));
  });

  it('lists a repeated rejected value once', () => {
    expect(plan({ formIds: ['the formId is a mock one', 'the formId is a mock one'] })).toEqual(
      ok([], [{ value: 'the formId is a mock one', reason: 'placeholder' }]),
    );
  });

  it('accepts exactly 20 form ids', () => {
    expect(plan({ formIds: ids(20) })).toEqual(ok(ids(20)));
  });

  it.each<[string, unknown, string]>([
    ['21 in formIds', { formIds: ids(21) }, 'formIds'],
    ['20 in formIds plus formId', { formIds: ids(20), formId: 'one-more' }, 'formIds'],
    ['21 copies of one id (counted as sent)', { formIds: Array(21).fill('same') }, 'formIds'],
  ])('refuses the whole call for %s', (_name, event, field) => {
    expect(plan(event)).toEqual(bad(field, /at most 20 form ids per call/));
  });
});

describe('saveFormId wrong types fail the whole call, naming the field', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['a string event', 'abc', 'event', /must be an object/],
    ['an array event', ['abc'], 'event', /must be an object/],
    ['formId as a number', { formId: 123 }, 'formId', /must be a string/],
    ['formId null', { formId: null }, 'formId', /must be a string/],
    ['formIds as a string', { formIds: 'abc' }, 'formIds', /must be an array/],
    ['a number inside formIds', { formIds: ['ok', 42] }, 'formIds[1]', /must be a string/],
    ['subscriptions as an array', { subscriptions: ['accept'] }, 'subscriptions', /result object/],
    ['subscriptions as a string', { subscriptions: 'accept' }, 'subscriptions', /result object/],
    ['a non-string answer', { subscriptions: { [TPL]: true } }, `subscriptions.${TPL}`, /must be a string/],
  ])('%s', (_name, event, field, message) => {
    expect(plan(event)).toEqual(bad(field, message));
  });

  it('refuses an implausibly large subscriptions object', () => {
    const many = Object.fromEntries(ids(21).map((id) => [id, 'reject']));
    expect(plan({ subscriptions: many })).toEqual(bad('subscriptions', /at most 20/));
  });
});

describe('saveFormId subscriptions (the wx.requestSubscribeMessage result)', () => {
  const result = (answers: Record<string, unknown>) => ({ subscriptions: { errMsg: 'requestSubscribeMessage:ok', ...answers } });
  it.each<[string, Record<string, unknown>, number]>([
    ['accept for our template', { [TPL]: 'accept' }, 1],
    ['acceptWithAudio for our template', { [TPL]: 'acceptWithAudio' }, 1],
    ['reject', { [TPL]: 'reject' }, 0],
    ['ban', { [TPL]: 'ban' }, 0],
    ['filter', { [TPL]: 'filter' }, 0],
    ['an answer the contract does not list', { [TPL]: 'acceptWithAlert' }, 0],
    ['accept for another template', { otherTemplate: 'accept' }, 0],
    ['accept for ours among others', { otherTemplate: 'accept', [TPL]: 'accept', third: 'reject' }, 1],
  ])('%s → %i credit(s)', (_name, answers, grants) => {
    expect(plan(result(answers))).toEqual(ok([], [], grants));
  });

  it('tolerates errMsg whatever its value', () => {
    expect(plan({ subscriptions: { errMsg: 42, [TPL]: 'accept' } })).toEqual(ok([], [], 1));
  });

  it('grants nothing when the subscribe channel is disabled (no template configured)', () => {
    expect(plan({ subscriptions: { '': 'accept', [TPL]: 'accept' } }, [])).toEqual(ok([], [], 0));
  });

  it('counts the grants of each configured template apart, and none of another', () => {
    const answer = plan(result({ [TPL]: 'accept', 'tpl-2': 'acceptWithAudio', 'tpl-3': 'reject', other: 'accept' }), [TPL, 'tpl-2', 'tpl-3']);
    expect(answer).toEqual({ ok: true, value: { accepted: [], rejected: [], subscribeGrants: { [TPL]: 1, 'tpl-2': 1 } } });
  });

  it('saves form ids and a grant from one call', () => {
    expect(plan({ formId: 'abc', subscriptions: { [TPL]: 'accept' } })).toEqual(ok(['abc'], [], 1));
  });
});

describe('saveFormId identity-looking fields', () => {
  it('ignores openid, userId, _openid and userInfo: the plan is the same without them', () => {
    const base = { formId: 'abc', subscriptions: { [TPL]: 'accept' } };
    const withIdentity = { ...base, openid: 'victim', userId: 7, _openid: 'victim', userInfo: { openId: 'victim', appId: 'wx1' } };
    expect(plan(withIdentity)).toEqual(plan(base));
    expect(JSON.stringify(plan(withIdentity))).not.toContain('victim');
  });
});
