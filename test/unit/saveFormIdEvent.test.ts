import { parseSaveFormIdEvent, tapInstant } from '../../src/domain/events/saveFormIdEvent';

const TPL = 'tpl_Reminder-1';
const NOW = new Date('2026-03-09T02:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const plan = (event: unknown, templateIds = [TPL], formChannelOpen = true) => parseSaveFormIdEvent(event, { templateIds, formChannelOpen, now: NOW });
const ok = (accepted: string[], rejected: { value: string; reason: string }[] = [], grants = 0, requestId: string | null = null) => ({
  ok: true,
  value: { forms: accepted.map((value) => ({ value, tappedAt: NOW })), rejected, subscribeGrants: grants > 0 ? { [TPL]: grants } : {}, requestId },
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

describe('saveFormId junk and broken text', () => {
  it.each<[string, string, string]>([
    ['"undefined"', 'undefined', 'junk'],
    ['"null"', 'null', 'junk'],
    ['"NaN"', 'NaN', 'junk'],
    ['"[object Object]"', '[object Object]', 'junk'],
    ['" null " with spaces', ' null ', 'junk'],
    ['a control character', 'abc\u0007def', 'malformed'],
    ['a newline', 'abc\ndef', 'malformed'],
    ['a C1 control character', 'abc\u0085def', 'malformed'],
    ['a lone high surrogate', 'abc\ud83ddef', 'malformed'],
    ['a lone low surrogate', 'abc\ude00def', 'malformed'],
    ['a replacement character (bytes that did not decode)', 'abc\ufffddef', 'malformed'],
  ])('rejects %s with a reason and stores the rest', (_name, value, reason) => {
    expect(plan({ formIds: ['real1', value] })).toEqual(ok(['real1'], [{ value, reason }]));
  });

  it('keeps a form id with a whole surrogate pair (an emoji is text, not breakage)', () => {
    expect(plan({ formId: 'abc\ud83d\ude00def' })).toEqual(ok(['abc\ud83d\ude00def']));
  });

  it('keeps ids that merely contain a junk word', () => {
    expect(plan({ formIds: ['nullable-7f3e', 'undefined1'] })).toEqual(ok(['nullable-7f3e', 'undefined1']));
  });
});

describe('saveFormId tap times: 7 days from the tap, clamped', () => {
  const at = (ms: number) => ({ value: 'tapped', at: NOW.getTime() + ms });
  it.each<[string, number, Date | null]>([
    ['a tap an hour ago counts from the tap', -3600_000, new Date(NOW.getTime() - 3600_000)],
    ['a tap 6 days 23 hours ago still counts from the tap', -(7 * DAY - 3600_000), new Date(NOW.getTime() - 7 * DAY + 3600_000)],
    ['a tap exactly 7 days ago is dead', -7 * DAY, null],
    ['a tap 30 days ago is dead', -30 * DAY, null],
    ['a tap in the future (a phone clock ahead) counts from now', 3600_000, NOW],
  ])('%s', (_name, offset, expected) => {
    expect(tapInstant(NOW.getTime() + offset, NOW)).toEqual(expected);
    const result = plan({ formIds: [at(offset)] });
    expect(result).toEqual(expected ? { ok: true, value: { forms: [{ value: 'tapped', tappedAt: expected }], rejected: [], subscribeGrants: {}, requestId: null } } : ok([], [{ value: 'tapped', reason: 'expired' }]));
  });

  it('counts a plain string id from now', () => {
    expect(tapInstant(null, NOW)).toEqual(NOW);
  });
});

describe('saveFormId while the form channel is off', () => {
  it('rejects every form id as channel-off and still counts the grants', () => {
    expect(plan({ formIds: ['a1', 'the formId is a mock one'], subscriptions: { [TPL]: 'accept' } }, [TPL], false)).toEqual(
      ok([], [{ value: 'a1', reason: 'channel-off' }, { value: 'the formId is a mock one', reason: 'placeholder' }], 1),
    );
  });
});

describe('saveFormId requestId', () => {
  it('is passed on when it is 1 to 64 characters', () => {
    expect(plan({ formId: 'abc', requestId: 'r'.repeat(64) })).toEqual(ok(['abc'], [], 0, 'r'.repeat(64)));
  });
});

describe('saveFormId wrong types fail the whole call, naming the field', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['a string event', 'abc', 'event', /must be an object/],
    ['an array event', ['abc'], 'event', /must be an object/],
    ['formId as a number', { formId: 123 }, 'formId', /must be a string/],
    ['formId null', { formId: null }, 'formId', /must be a string/],
    ['formIds as a string', { formIds: 'abc' }, 'formIds', /must be an array/],
    ['a number inside formIds', { formIds: ['ok', 42] }, 'formIds[1]', /must be a string or \{ value/],
    ['a form id object without its value', { formIds: [{ at: NOW.getTime() }] }, 'formIds[0]', /must be a string or \{ value/],
    ['a form id object without its tap time', { formIds: [{ value: 'abc' }] }, 'formIds[0].at', /time of the tap/],
    ['a tap time that is not a number', { formIds: [{ value: 'abc', at: '2026-03-09' }] }, 'formIds[0].at', /time of the tap/],
    ['a tap time that is not finite', { formIds: [{ value: 'abc', at: Infinity }] }, 'formIds[0].at', /time of the tap/],
    ['requestId as a number', { formId: 'abc', requestId: 7 }, 'requestId', /1 to 64 characters/],
    ['an empty requestId', { formId: 'abc', requestId: '' }, 'requestId', /1 to 64 characters/],
    ['a requestId of 65 characters', { formId: 'abc', requestId: 'r'.repeat(65) }, 'requestId', /1 to 64 characters/],
    ['a requestId with a control character', { formId: 'abc', requestId: 'req\u0000' }, 'requestId', /control characters/],
    ['a requestId with a lone surrogate', { formId: 'abc', requestId: 'req\ud800' }, 'requestId', /control characters/],
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
  it.each<[string, number, Record<string, unknown>]>([
    ['accept for our template', 1, { [TPL]: 'accept' }],
    ['acceptWithAudio for our template', 1, { [TPL]: 'acceptWithAudio' }],
    ['reject', 0, { [TPL]: 'reject' }],
    ['ban', 0, { [TPL]: 'ban' }],
    ['filter', 0, { [TPL]: 'filter' }],
    ['acceptWithAlert (a strong reminder)', 1, { [TPL]: 'acceptWithAlert' }],
    ['acceptWithForcePush (a strong reminder)', 1, { [TPL]: 'acceptWithForcePush' }],
    ['an answer WeChat may add some day', 0, { [TPL]: 'acceptSomehowElse' }],
  ])('%s → %i credit(s)', (_name, grants, answers) => {
    expect(plan(result(answers))).toEqual(ok([], [], grants));
  });

  it('lists an answer for a template that is not configured as rejected (template), granting nothing for it', () => {
    expect(plan(result({ otherTemplate: 'accept', [TPL]: 'accept', third: 'reject' }))).toEqual(
      ok([], [{ value: 'otherTemplate', reason: 'template' }, { value: 'third', reason: 'template' }], 1),
    );
  });

  it('tolerates errMsg whatever its value', () => {
    expect(plan({ subscriptions: { errMsg: 42, [TPL]: 'accept' } })).toEqual(ok([], [], 1));
  });

  it('grants nothing when the subscribe channel is disabled (no template configured)', () => {
    expect(plan({ subscriptions: { '': 'accept', [TPL]: 'accept' } }, [])).toEqual(ok([], [{ value: '', reason: 'template' }, { value: TPL, reason: 'template' }], 0));
  });

  it('counts the grants of each configured template apart, and none of another', () => {
    const answer = plan(result({ [TPL]: 'accept', 'tpl-2': 'acceptWithAlert', 'tpl-3': 'reject', other: 'accept' }), [TPL, 'tpl-2', 'tpl-3']);
    expect(answer).toEqual({ ok: true, value: { forms: [], rejected: [{ value: 'other', reason: 'template' }], subscribeGrants: { [TPL]: 1, 'tpl-2': 1 }, requestId: null } });
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
