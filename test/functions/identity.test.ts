// Identity comes from the runtime context only (DESIGN.md §2, I5); failures answer the contract's
// shape and write nothing (I6).
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, type FunctionName, type TestCloud } from './support/cloud';

let cloud: TestCloud;
const q = questionOfDay('2026-07-01', QUESTION_BANK);

beforeAll(async () => {
  cloud = await startCloud({ start: '2026-07-01T02:00:00.000Z' });
});
afterAll(() => cloud.close());

const writingCalls: Array<[FunctionName, unknown]> = [
  ['saveFormId', { formIds: ['id-1a2b'], subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }],
  ['checkIn', { action: 'answer', questionId: q.id, choice: q.answer }],
  ['reminderSettings', { action: 'set', enabled: false, hour: 9 }],
];
const readingCalls: Array<[FunctionName, unknown]> = [['checkIn', { action: 'today' }], ['reminderSettings', { action: 'get' }]];

describe('a call without an identity in the context', () => {
  it.each([...writingCalls, ...readingCalls])('to %s %j is UNAUTHENTICATED and changes nothing', async (name, event) => {
    const before = cloud.fingerprint();
    expect(await cloud.call(name, event, null)).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: expect.any(String) });
    expect(cloud.fingerprint()).toBe(before);
  });

  it('is not rescued by an identity written into the event', async () => {
    const before = cloud.fingerprint();
    const spoof = { openid: 'o-victim', _openid: 'o-victim', OPENID: 'o-victim', userId: 'o-victim', userInfo: { openId: 'o-victim' } };
    expect(await cloud.call('saveFormId', { ...spoof, formId: 'spoofed-1' }, null)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(cloud.fingerprint()).toBe(before);
  });
});

describe('identity fields in the event', () => {
  const spoof = { openid: 'o-victim', _openid: 'o-victim', OPENID: 'o-victim', userId: 'o-victim' };

  it.each(writingCalls)('are ignored by %s: it acts for the context\'s user only', async (name, event) => {
    const me = `o-honest-${name}`;
    expect(await cloud.call(name, { ...(event as object), ...spoof }, me)).toMatchObject({ ok: true });
    expect(cloud.find('users', { _id: 'o-victim' })).toEqual([]);
    expect(cloud.find('credits', { openid: 'o-victim' })).toEqual([]);
    expect(cloud.find('checkins', { openid: 'o-victim' })).toEqual([]);
    expect(cloud.find('users', { _id: me })).toHaveLength(1);
  });
});

describe('bad input', () => {
  it.each<[FunctionName, unknown, string]>([
    ['saveFormId', 'a string', 'event'],
    ['saveFormId', [1, 2], 'event'],
    ['saveFormId', { formIds: 'not-a-list' }, 'formIds'],
    ['saveFormId', { formIds: ['ok-1', 7] }, 'formIds[1]'],
    ['saveFormId', { formId: 42 }, 'formId'],
    ['saveFormId', { subscriptions: ['accept'] }, 'subscriptions'],
    ['saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: true } }, `subscriptions.${SUBSCRIBE_TEMPLATE}`],
    ['checkIn', { action: 'cheat' }, 'action'],
    ['checkIn', { action: 'answer', choice: 0 }, 'questionId'],
    ['checkIn', { action: 'answer', questionId: q.id }, 'choice'],
    ['checkIn', { action: 'answer', questionId: q.id, choice: '1' }, 'choice'],
    ['checkIn', { action: 'answer', questionId: q.id, choice: -1 }, 'choice'],
    ['reminderSettings', { action: 'set', hour: 24 }, 'hour'],
    ['reminderSettings', { action: 'set', enabled: 1 }, 'enabled'],
  ])('%s %j answers INVALID_ARGUMENT naming %s and writes nothing', async (name, event, field) => {
    const before = cloud.fingerprint();
    const res = await cloud.call(name, event, 'o-bad-input');
    expect(res).toEqual({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `)) });
    expect(cloud.fingerprint()).toBe(before);
  });
});

describe('a failure on our side', () => {
  it('answers without a stack trace and logs the request', async () => {
    cloud.emulator.backend.instrument.injectFault({ action: 'database.getDocument', nth: 1, kind: 'http500' });
    const run = await cloud.emulator.invoke('checkIn', { action: 'today', marker: 'find-me-in-the-log' }, { openid: 'o-unlucky' });
    expect(run.result).toEqual({ ok: false, code: 'UNAVAILABLE', message: 'temporarily unavailable: try again' });
    expect(JSON.stringify(run.result)).not.toMatch(/at .*\.js|Error:/);
    expect(run.logs).toContain('find-me-in-the-log');
    expect(run.logs).toContain('o-unlucky');
  });
});
