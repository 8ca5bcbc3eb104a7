// Failures a retry may cure (a transient database failure, a lost answer) answer UNAVAILABLE, so
// the app knows to try again; what a retry cannot cure (a broken configuration, a bug) stays
// INTERNAL. Neither says more than its code to the caller; the function's log has the detail.
import type { FaultRule } from 'wx-cloud-emulator/backend';
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, type FunctionName, type TestCloud } from './support/cloud';

let cloud: TestCloud;
const q = questionOfDay('2026-07-06', QUESTION_BANK);

beforeAll(async () => {
  cloud = await startCloud({ start: '2026-07-06T02:00:00.000Z' });
});
afterAll(() => cloud.close());
afterEach(() => cloud.emulator.backend.instrument.clearFaults());

const CALLS: Array<[FunctionName, unknown]> = [
  ['checkIn', { action: 'today' }],
  ['checkIn', { action: 'answer', questionId: q.id, choice: 0 }],
  ['saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }],
  ['reminderSettings', { action: 'get' }],
  ['reminderSettings', { action: 'set', hour: 9 }],
];
const FAULTS: Array<[string, Omit<FaultRule, 'action' | 'nth'>]> = [
  ['a database error', { kind: 'error' }],
  ['an HTTP 500 from the database', { kind: 'http500' }],
  ['a read whose answer was lost', { kind: 'drop', when: 'after' }],
];

describe.each(FAULTS)('%s', (_, fault) => {
  it.each(CALLS)('makes %s %j answer UNAVAILABLE, and the same call then succeeds', async (name, event) => {
    const openid = `o-${name}-${Math.random().toString(36).slice(2, 8)}`;
    cloud.emulator.backend.instrument.injectFault({ action: 'database.getDocument', nth: 1, ...fault });
    const run = await cloud.emulator.invoke(name, event, { openid });
    expect(run.result).toEqual({ ok: false, code: 'UNAVAILABLE', message: expect.any(String) });
    expect(JSON.stringify(run.result)).not.toMatch(/at .*\.js|Error:|hang up|500/);
    expect(run.logs).toContain(openid);
    expect(await cloud.call(name, event, openid)).toMatchObject({ ok: true });
  });
});

it('a failed write whose answer was lost answers UNAVAILABLE, and the retried check-in records the day once', async () => {
  cloud.emulator.backend.instrument.injectFault({ action: 'database.insertDocument', nth: 2, kind: 'drop', when: 'after' });
  const event = { action: 'answer', questionId: q.id, choice: q.answer };
  expect(await cloud.call('checkIn', event, 'o-lost-write')).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
  expect(await cloud.call('checkIn', event, 'o-lost-write')).toMatchObject({ ok: true, correct: true });
  expect(cloud.find('checkins', { openid: 'o-lost-write' })).toHaveLength(1);
});
