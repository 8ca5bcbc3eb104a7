// Concurrent calls of one user, each in its own function instance, with database latency so that
// their requests interleave. Safety comes from deterministic ids and conditional updates, so these
// hold whatever the interleaving.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, docOf, type Answer, type TestCloud } from './support/cloud';

let cloud: TestCloud;
let users = 0;
const newUser = () => `o-race-${++users}`;
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}-7c1d2e3f`);
const sum = (answers: Answer[], f: (a: Answer) => number) => answers.reduce((n, a) => n + f(a), 0);

const LATENCY = 20;
beforeAll(async () => {
  cloud = await startCloud({ start: '2026-06-01T02:00:00.000Z', formChannel: true });
  cloud.emulator.backend.instrument.setLatency('database.*', LATENCY);
});

/** Starts `n` instances of saveFormId, so racing calls begin together rather than one cold start apart. */
async function warmSaveFormId(n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => cloud.call('saveFormId', {}, 'o-warm-up')));
}

/**
 * Holds every insert for `ms`, so that calls starting together all finish their reads before any
 * insert lands: the interleaving the race handling exists for, made certain rather than likely.
 */
async function withSlowInserts<T>(ms: number, run: () => Promise<T>): Promise<T> {
  cloud.emulator.backend.instrument.setLatency('database.insertDocument', ms);
  try {
    return await run();
  } finally {
    cloud.emulator.backend.instrument.setLatency('database.insertDocument', LATENCY);
  }
}
afterAll(() => cloud.close());

describe('racing saveFormId calls', () => {
  it('store a form id sent by two calls at once once, and exactly one call reports it saved', async () => {
    const me = newUser();
    await cloud.call('saveFormId', { formId: 'earlier-1' }, me);
    await warmSaveFormId(2);
    cloud.emulator.backend.instrument.resetCounts();
    const answers = await withSlowInserts(400, () => Promise.all([1, 2].map(() => cloud.call('saveFormId', { formId: 'same-id-4f5e' }, me))));
    expect(cloud.emulator.backend.instrument.counts()['database.insertDocument']).toBe(2); // both really tried
    expect(cloud.find('credits', { openid: me, value: 'same-id-4f5e' })).toHaveLength(1);
    expect(answers.map((a) => a.saved).sort()).toEqual([0, 1]);
    expect(answers.find((a) => a.saved === 0).rejected).toEqual([{ value: 'same-id-4f5e', reason: 'duplicate' }]);
    for (const a of answers) expect(a.credits).toEqual({ form: 2, subscribe: 0 });
  });

  it('store overlapping batches of ids once each', async () => {
    const me = newUser();
    const batches = [ids('o', 6), ids('o', 6).slice(2).concat(ids('p', 2)), ids('p', 2).concat(ids('o', 6).slice(0, 3))];
    const answers = await Promise.all(batches.map((formIds) => cloud.call('saveFormId', { formIds }, me)));
    const stored = cloud.find('credits', { openid: me });
    expect(stored).toHaveLength(8);
    expect(new Set(stored.map((c) => c.value)).size).toBe(8);
    expect(sum(answers, (a) => a.saved)).toBe(8);
    expect(sum(answers, (a) => a.rejected.length)).toBe(6 + 6 + 5 - 8);
  });

  it.each([
    ['as their requests happen to interleave', 0],
    ['when every call reads before any insert lands', 400],
  ])('never leave a user with more than 100 live credits, %s', async (_how, insertDelay) => {
    await warmSaveFormId(4);
    for (let round = 0; round < 3; round++) {
      const me = newUser();
      for (let i = 0; i < 4; i++) await cloud.call('saveFormId', { formIds: ids(`base${i}`, 20) }, me);
      await cloud.call('saveFormId', { formIds: ids('base4', 12) }, me); // 92 live
      const race = () => Promise.all([0, 1, 2, 3].map((k) => cloud.call('saveFormId', { formIds: ids(`r${round}k${k}`, 5) }, me)));
      const answers = insertDelay > 0 ? await withSlowInserts(insertDelay, race) : await race();
      const live = cloud.find('credits', { openid: me, status: 'unused' });
      expect(live.length).toBe(100); // min(sent, cap − held): 8 of the 20
      expect(sum(answers, (a) => a.saved)).toBe(live.length - 92);
      expect(sum(answers, (a) => a.saved + a.rejected.length)).toBe(20);
      for (const a of answers) for (const r of a.rejected) expect(r.reason).toBe('quota');
    }
  });
});

describe('concurrent uploads by one user store everything up to the cap', () => {
  it.each([
    ['as their requests happen to interleave', 0],
    ['when every call reads before any insert lands', 400],
  ])('8 parallel calls of 20 form ids by a user holding none store exactly 100, %s', async (_how, insertDelay) => {
    await warmSaveFormId(8);
    const me = newUser();
    const race = () => Promise.all(Array.from({ length: 8 }, (_, k) => cloud.call('saveFormId', { formIds: ids(`p${insertDelay}k${k}`, 20) }, me)));
    const answers = insertDelay > 0 ? await withSlowInserts(insertDelay, race) : await race();
    for (const a of answers) expect(a.ok).toBe(true);
    expect(cloud.find('credits', { openid: me, status: 'unused' })).toHaveLength(100);
    expect(sum(answers, (a) => a.saved)).toBe(100);
    expect(sum(answers, (a) => a.rejected.length)).toBe(60);
    for (const a of answers) for (const r of a.rejected) expect(r.reason).toBe('quota');
    // Every entry the calls made on the user's document is gone once they have answered.
    expect(docOf(cloud, 'users', me).creditSaves).toEqual([]);
  });

  it('parallel calls store min(sent, cap - held) of each kind: form ids and grants apart', async () => {
    await warmSaveFormId(6);
    const me = newUser();
    for (let i = 0; i < 3; i++) await cloud.call('saveFormId', { formIds: ids(`held${i}`, 20) }, me); // 60 form ids held
    const answers = await withSlowInserts(300, () => Promise.all([
      ...[0, 1, 2, 3].map((k) => cloud.call('saveFormId', { formIds: ids(`mix${k}`, 15) }, me)),
      ...[0, 1].map(() => cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, me)),
    ]));
    const live = cloud.find('credits', { openid: me, status: 'unused' });
    expect(live.filter((c) => c.kind === 'form')).toHaveLength(100); // 60 held + min(60, 40)
    expect(live.filter((c) => c.kind === 'subscribe')).toHaveLength(2);
    expect(sum(answers, (a) => a.saved)).toBe(42);
  });
});

describe('racing checkIn answers', () => {
  it('record one check-in; the other answer reports it as already done', async () => {
    const me = newUser();
    const q = questionOfDay('2026-06-01', QUESTION_BANK);
    const answers = await Promise.all([q.answer, (q.answer + 1) % q.options.length].map((choice) =>
      cloud.call('checkIn', { action: 'answer', questionId: q.id, choice }, me)));
    expect(answers.map((a) => a.alreadyCheckedIn).sort()).toEqual([false, true]);
    expect(answers[0].correct).toBe(answers[1].correct); // both report what was recorded
    expect(cloud.find('checkins', { openid: me })).toHaveLength(1);
    expect(docOf(cloud, 'users', me)).toMatchObject({ checkIns: 1, streak: 1, lastCheckInDate: '2026-06-01' });
  });

  it('of five at once record one check-in', async () => {
    const me = newUser();
    const q = questionOfDay('2026-06-01', QUESTION_BANK);
    const answers = await Promise.all([0, 1, 2, 3, 4].map(() => cloud.call('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, me)));
    expect(answers.filter((a) => a.alreadyCheckedIn === false)).toHaveLength(1);
    expect(docOf(cloud, 'users', me)).toMatchObject({ checkIns: 1, points: 10 });
  });
});

describe('a new user\'s first calls, all at once', () => {
  it('create one user document and lose nothing', async () => {
    const me = newUser();
    const q = questionOfDay('2026-06-01', QUESTION_BANK);
    const answers = await Promise.all([
      cloud.call('saveFormId', { formId: 'first-call-1' }, me),
      cloud.call('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, me),
      cloud.call('reminderSettings', { action: 'set', hour: 21 }, me),
    ]);
    for (const a of answers) expect(a.ok).toBe(true);
    expect(cloud.find('users', { _id: me })).toHaveLength(1);
    const user = docOf(cloud, 'users', me);
    expect(user).toMatchObject({ hour: 21, checkIns: 1, lastCheckInDate: '2026-06-01' });
    // A lower bound: tomorrow, or today when the credit's lowering read the user before the check-in.
    expect(['2026-06-01', '2026-06-02']).toContain(user.nextRemindDate);
    expect(cloud.find('credits', { openid: me })).toHaveLength(1);
  });
});
