// saveFormId through the real bundle on the emulator: every rule of DESIGN.md §2, case by case.
import { SUBSCRIBE_TEMPLATE, startCloud, docOf, type TestCloud } from './support/cloud';

const START = '2026-03-09T02:00:00.000Z'; // 10:00 in Shanghai
const DAY = 24 * 60 * 60 * 1000;
let cloud: TestCloud;
let users = 0;
/** A fresh user per test, so tests share one emulator without sharing state. */
const newUser = () => `o-save-${++users}`;
const formIds = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}0d5e9f3a7b2c4d6e8f`);
const credits = (openid: string) => cloud.find('credits', { openid });
const save = (openid: string | null, event: unknown) => cloud.call('saveFormId', event, openid);

beforeAll(async () => {
  cloud = await startCloud({ start: START, formChannel: true });
});
afterAll(() => cloud.close());

describe('saving form ids', () => {
  it('stores each form id as an unused form credit that expires 7 days after collection', async () => {
    const me = newUser();
    const answer = await save(me, { formIds: formIds('a', 2) });
    expect(answer).toEqual({ ok: true, saved: 2, rejected: [], credits: { form: 2, subscribe: 0 } });
    const stored = credits(me);
    expect(stored.map((c) => c.value).sort()).toEqual(formIds('a', 2));
    for (const c of stored) {
      expect(c).toMatchObject({ openid: me, kind: 'form', status: 'unused', attempts: 0 });
      // The instance's clock is the virtual time at invocation start plus the real time elapsed.
      const collectedAt = (c.createdAt as Date).getTime();
      expect(collectedAt - cloud.now().getTime()).toBeGreaterThanOrEqual(0);
      expect(collectedAt - cloud.now().getTime()).toBeLessThan(5000);
      expect((c.expireAt as Date).getTime()).toBe(collectedAt + 7 * DAY);
    }
  });

  it('accepts the original single formId field', async () => {
    const me = newUser();
    expect(await save(me, { formId: 'single-9f1e2d3c4b5a' })).toEqual({ ok: true, saved: 1, rejected: [], credits: { form: 1, subscribe: 0 } });
  });

  it.each([
    ['the formId is a mock one'],
    ['the formId is no longer available in develop or trial version of this mini program'],
    ['anything-with-mock-inside'],
  ])('rejects the WeChat placeholder "%s" with a reason and stores nothing for it', async (placeholder) => {
    const me = newUser();
    const answer = await save(me, { formIds: [placeholder, 'real-4b5a6c7d8e9f'] });
    expect(answer).toEqual({ ok: true, saved: 1, rejected: [{ value: placeholder, reason: 'placeholder' }], credits: { form: 1, subscribe: 0 } });
    expect(credits(me).map((c) => c.value)).toEqual(['real-4b5a6c7d8e9f']);
  });

  it('rejects an empty form id and one longer than 128 characters', async () => {
    const me = newUser();
    const long = 'x'.repeat(129);
    const answer = await save(me, { formIds: ['', long, 'y'.repeat(128)] });
    expect(answer.saved).toBe(1);
    expect(answer.rejected.map((r: { reason: string }) => r.reason)).toEqual(['empty', 'too-long']);
    expect(credits(me).map((c) => c.value)).toEqual(['y'.repeat(128)]);
  });

  it('refuses more than 20 form ids in one call and saves none of them', async () => {
    const me = newUser();
    const before = cloud.fingerprint();
    const answer = await save(me, { formIds: formIds('b', 21) });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(answer.message).toMatch(/^formIds/);
    expect(cloud.fingerprint()).toBe(before);
    expect((await save(me, { formIds: formIds('b', 20) })).saved).toBe(20);
  });

  it('stores a form id repeated within one call once', async () => {
    const me = newUser();
    const answer = await save(me, { formId: 'twice-1a2b3c', formIds: ['twice-1a2b3c', 'twice-1a2b3c'] });
    expect(answer.saved).toBe(1);
    expect(credits(me)).toHaveLength(1);
  });

  it('rejects a form id this user stored before as a duplicate, also once it was used', async () => {
    const me = newUser();
    await save(me, { formIds: ['dup-1', 'dup-2'] });
    cloud.emulator.backend.db.update('credits', { openid: me, value: 'dup-2' }, { $set: { status: 'used' } });
    const answer = await save(me, { formIds: ['dup-1', 'dup-2', 'dup-3'] });
    expect(answer).toEqual({
      ok: true, saved: 1,
      rejected: [{ value: 'dup-1', reason: 'duplicate' }, { value: 'dup-2', reason: 'duplicate' }],
      credits: { form: 2, subscribe: 0 },
    });
    expect(credits(me)).toHaveLength(3);
  });

  it('keeps the same form id sent by two users as two credits, one each', async () => {
    const [a, b] = [newUser(), newUser()];
    await save(a, { formId: 'shared-77aa' });
    expect((await save(b, { formId: 'shared-77aa' })).saved).toBe(1);
    expect(credits(a)).toHaveLength(1);
    expect(credits(b)).toHaveLength(1);
  });
});

describe('saving subscribe grants (the wx.requestSubscribeMessage result)', () => {
  it.each([['accept'], ['acceptWithAudio'], ['acceptWithAlert'], ['acceptWithForcePush']])('adds one subscribe credit for "%s" on the configured template', async (answerText) => {
    const me = newUser();
    const answer = await save(me, { subscriptions: { errMsg: 'requestSubscribeMessage:ok', [SUBSCRIBE_TEMPLATE]: answerText } });
    expect(answer).toEqual({ ok: true, saved: 1, rejected: [], credits: { form: 0, subscribe: 1 } });
    const [credit] = credits(me);
    expect(credit).toMatchObject({ kind: 'subscribe', value: SUBSCRIBE_TEMPLATE, status: 'unused' });
    expect((credit!.expireAt as Date).toISOString()).toBe('9999-12-31T00:00:00.000Z');
  });

  it.each([['reject'], ['ban'], ['filter'], ['somethingNew']])('adds nothing for "%s"', async (answerText) => {
    const me = newUser();
    expect(await save(me, { subscriptions: { [SUBSCRIBE_TEMPLATE]: answerText } })).toEqual({ ok: true, saved: 0, rejected: [], credits: { form: 0, subscribe: 0 } });
    expect(credits(me)).toHaveLength(0);
  });

  it('adds nothing for another template id, and says so (reason template)', async () => {
    const me = newUser();
    expect(await save(me, { subscriptions: { OTHER_TEMPLATE: 'accept' } })).toEqual({ ok: true, saved: 0, rejected: [{ value: 'OTHER_TEMPLATE', reason: 'template' }], credits: { form: 0, subscribe: 0 } });
    expect(credits(me)).toHaveLength(0);
  });

  it('adds up grants given at different times: one grant, one message', async () => {
    const me = newUser();
    await save(me, { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } });
    const answer = await save(me, { formId: 'mixed-5e6f', subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } });
    expect(answer).toEqual({ ok: true, saved: 2, rejected: [], credits: { form: 1, subscribe: 2 } });
  });
});

describe('the user document', () => {
  it('is created by the first save, with a shard, and made due today', async () => {
    const me = newUser();
    await save(me, { formId: 'first-0a1b' });
    const user = docOf(cloud, 'users', me);
    expect(user).toMatchObject({ enabled: true, hour: null, lastCheckInDate: '', nextRemindDate: '2026-03-09', creditsRev: 1 });
    expect(user.shard).toEqual(expect.any(Number));
    expect(user.shard as number).toBeGreaterThanOrEqual(0);
    expect(user.shard as number).toBeLessThan(64);
  });

  it('is not created by a call with nothing to store', async () => {
    const me = newUser();
    const before = cloud.fingerprint();
    expect(await save(me, {})).toEqual({ ok: true, saved: 0, rejected: [], credits: { form: 0, subscribe: 0 } });
    expect(await save(me, { formIds: ['the formId is a mock one'] })).toMatchObject({ saved: 0 });
    expect(cloud.fingerprint()).toBe(before);
  });

  it('lowers "never" to today for a user the sender had found without credits', async () => {
    const me = newUser();
    await save(me, { formId: 'lower-1' });
    cloud.emulator.backend.db.update('users', { _id: me }, { $set: { nextRemindDate: '9999-12-31' } });
    await save(me, { formId: 'lower-2' });
    expect(docOf(cloud, 'users', me)).toMatchObject({ nextRemindDate: '2026-03-09', creditsRev: 2 });
  });

  it('makes a user who already checked in today due tomorrow, not today', async () => {
    const me = newUser();
    await save(me, { formId: 'after-checkin-1' });
    cloud.emulator.backend.db.update('users', { _id: me }, { $set: { lastCheckInDate: '2026-03-09', nextRemindDate: '9999-12-31' } });
    await save(me, { formId: 'after-checkin-2' });
    expect(docOf(cloud, 'users', me).nextRemindDate).toBe('2026-03-10');
  });
});

describe('a save that fails between storing the credits and updating the user', () => {
  it('is completed by the mini-program\'s retry, so the new credit is not stranded', async () => {
    const me = newUser();
    // The user's document is written twice: the call's entry first, the last update second.
    cloud.emulator.backend.instrument.injectFault({ action: 'database.modifyDocument', nth: 2, kind: 'drop' });
    expect(await save(me, { formId: 'retry-me' })).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(credits(me)).toHaveLength(1);
    expect(docOf(cloud, 'users', me).nextRemindDate).toBe('9999-12-31');
    expect(await save(me, { formId: 'retry-me' })).toEqual({
      ok: true, saved: 0, rejected: [{ value: 'retry-me', reason: 'duplicate' }], credits: { form: 1, subscribe: 0 },
    });
    expect(docOf(cloud, 'users', me)).toMatchObject({ nextRemindDate: '2026-03-09', creditsRev: 1 });
  });
});

describe('the caps: 100 live credits of each kind per user', () => {
  it('stores form ids up to the cap and rejects the rest with reason quota', async () => {
    const me = newUser();
    for (let i = 0; i < 4; i++) await save(me, { formIds: formIds(`cap${i}-`, 20) });
    await save(me, { formIds: formIds('cap4-', 18) });
    const answer = await save(me, { formIds: formIds('cap5-', 3), subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } });
    expect(answer.saved).toBe(3);
    expect(answer.rejected).toEqual([{ value: formIds('cap5-', 3)[2], reason: 'quota' }]);
    expect(answer.credits).toEqual({ form: 100, subscribe: 1 });
    expect(await save(me, { formId: 'one-too-many' })).toEqual({
      ok: true, saved: 0, rejected: [{ value: 'one-too-many', reason: 'quota' }], credits: { form: 100, subscribe: 1 },
    });
  });

  it('never lets form ids crowd out a subscribe grant: a user holding 100 form ids still gets the grant', async () => {
    const me = newUser();
    for (let i = 0; i < 5; i++) await save(me, { formIds: formIds(`full${i}-`, 20) });
    expect(await save(me, { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } })).toEqual({ ok: true, saved: 1, rejected: [], credits: { form: 100, subscribe: 1 } });
  });

  it('rejects a grant beyond 100 subscribe credits with reason quota, naming the template', async () => {
    const me = newUser();
    for (let i = 0; i < 100; i++) cloud.emulator.backend.db.insert('credits', { _id: `sub_seed${me}_${i}`, openid: me, kind: 'subscribe', value: SUBSCRIBE_TEMPLATE, status: 'unused', expireAt: new Date('9999-12-31T00:00:00.000Z'), saveId: 'seed', attempts: 0 });
    expect(await save(me, { formId: 'still-room', subscriptions: { [SUBSCRIBE_TEMPLATE]: 'acceptWithAlert' } })).toEqual({
      ok: true, saved: 1, rejected: [{ value: SUBSCRIBE_TEMPLATE, reason: 'quota' }], credits: { form: 1, subscribe: 100 },
    });
  });

  it('counts only live credits: used ones free their place', async () => {
    const me = newUser();
    for (let i = 0; i < 5; i++) await save(me, { formIds: formIds(`used${i}-`, 20) });
    cloud.emulator.backend.db.update('credits', { openid: me, value: { $in: formIds('used0-', 20) } }, { $set: { status: 'used' } });
    const answer = await save(me, { formIds: formIds('used5-', 20) });
    expect(answer).toMatchObject({ saved: 20, credits: { form: 100, subscribe: 0 } });
  });

  // Last in the file: it moves the clock a week on.
  it('counts only unexpired form credits: after 7 days a full user can save again', async () => {
    const me = newUser();
    for (let i = 0; i < 5; i++) await save(me, { formIds: formIds(`exp${i}-`, 20) });
    expect((await save(me, { formId: 'exp-late' })).rejected).toEqual([{ value: 'exp-late', reason: 'quota' }]);
    const [oldest] = credits(me).sort((a, b) => (a.expireAt as Date).getTime() - (b.expireAt as Date).getTime());
    cloud.at(new Date((oldest!.expireAt as Date).getTime() - 1000));
    expect((await save(me, { formId: 'exp-late' })).rejected).toEqual([{ value: 'exp-late', reason: 'quota' }]);
    cloud.at(new Date(cloud.now().getTime() + 60_000));
    expect(await save(me, { formId: 'exp-late' })).toEqual({ ok: true, saved: 1, rejected: [], credits: { form: 1, subscribe: 0 } });
  });
});
