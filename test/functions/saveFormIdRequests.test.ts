// saveFormId through the real bundle on the emulator: retries (requestId), what a client bug or a
// broken string sends, the time of the tap, and the form channel switched off (DESIGN.md §2).
import { SUBSCRIBE_TEMPLATE, startCloud, docOf, type TestCloud } from './support/cloud';

const START = '2026-04-13T02:00:00.000Z'; // 10:00 in Shanghai
const DAY = 24 * 60 * 60 * 1000;
let cloud: TestCloud;
let users = 0;
const newUser = () => `o-request-${++users}`;
const save = (openid: string, event: unknown) => cloud.call('saveFormId', event, openid);
const credits = (openid: string) => cloud.find('credits', { openid });
const grant = { [SUBSCRIBE_TEMPLATE]: 'accept' };

beforeAll(async () => {
  cloud = await startCloud({ start: START, formChannel: true });
});
afterAll(() => cloud.close());

describe('a request id', () => {
  it('makes a repeat within 24 hours store nothing new and answer as the first call did', async () => {
    const me = newUser();
    const event = { formIds: ['req-a1', 'the formId is a mock one'], subscriptions: grant, requestId: 'upload-1' };
    const first = await save(me, event);
    expect(first).toEqual({ ok: true, saved: 2, rejected: [{ value: 'the formId is a mock one', reason: 'placeholder' }], credits: { form: 1, subscribe: 1 } });
    const stored = JSON.stringify(credits(me));
    const creditsRev = docOf(cloud, 'users', me).creditsRev;
    cloud.at(new Date(new Date(START).getTime() + DAY - 60_000));
    expect(await save(me, event)).toEqual(first);
    expect(JSON.stringify(credits(me))).toBe(stored);
    expect(docOf(cloud, 'users', me).creditsRev).toBe(creditsRev);
  });

  it('keeps a grant single when the first call stored it but its answer never arrived', async () => {
    const me = newUser();
    await save(me, { formId: 'earlier-call' }); // the user and every collection exist
    // The last write of the call (the record of its answer) fails: the app is told to try again (UNAVAILABLE) and does.
    cloud.emulator.backend.instrument.injectFault({ action: 'database.modifyDocument', nth: 3, kind: 'drop' });
    expect(await save(me, { subscriptions: grant, requestId: 'lost-answer' })).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(await save(me, { subscriptions: grant, requestId: 'lost-answer' })).toEqual({ ok: true, saved: 1, rejected: [], credits: { form: 1, subscribe: 1 } });
    expect(credits(me).filter((c) => c.kind === 'subscribe')).toHaveLength(1);
    expect(docOf(cloud, 'users', me).creditSaves).toEqual([]);
  });

  it('is completed by its immediate retry when the last update of the user failed, so the user is due again', async () => {
    const me = newUser();
    // The user's document is written twice (the call's entry, then the last update): the second fails, not applied.
    cloud.emulator.backend.instrument.injectFault({ action: 'database.modifyDocument', nth: 2, kind: 'http500', when: 'before' });
    expect(await save(me, { subscriptions: grant, requestId: 'failed-update' })).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(docOf(cloud, 'users', me).nextRemindDate).toBe('9999-12-31');
    expect(await save(me, { subscriptions: grant, requestId: 'failed-update' })).toEqual({ ok: true, saved: 1, rejected: [], credits: { form: 0, subscribe: 1 } });
    expect(docOf(cloud, 'users', me).nextRemindDate).not.toBe('9999-12-31');
    expect(docOf(cloud, 'users', me).creditSaves).toEqual([]);
    expect(credits(me)).toHaveLength(1);
  });

  it('stores a grant once when the retry arrives while the first call is still storing it', async () => {
    const me = newUser();
    await save(me, { formId: 'warm-user' });
    cloud.emulator.backend.instrument.setLatency('database.insertDocument', 300);
    try {
      const answers = await Promise.all([0, 1].map(() => save(me, { subscriptions: grant, requestId: 'twin' })));
      for (const a of answers) expect(a.ok ? a.saved : a.code).toBe(a.ok ? 1 : 'UNAVAILABLE');
      expect(answers.some((a) => a.ok)).toBe(true);
    } finally {
      cloud.emulator.backend.instrument.setLatency('database.insertDocument', 0);
    }
    expect(credits(me).filter((c) => c.kind === 'subscribe')).toHaveLength(1);
    expect(await save(me, { subscriptions: grant, requestId: 'twin' })).toEqual({ ok: true, saved: 1, rejected: [], credits: { form: 1, subscribe: 1 } });
  });

  it('is a new request once 24 hours have passed', async () => {
    const me = newUser();
    await save(me, { subscriptions: grant, requestId: 'daily' });
    cloud.at(new Date(cloud.now().getTime() + DAY + 1000));
    expect(await save(me, { subscriptions: grant, requestId: 'daily' })).toMatchObject({ ok: true, saved: 1, credits: { subscribe: 2 } });
  });

  it('belongs to its user: the same id from another user is another request', async () => {
    const [a, b] = [newUser(), newUser()];
    await save(a, { subscriptions: grant, requestId: 'shared-id' });
    expect(await save(b, { subscriptions: grant, requestId: 'shared-id' })).toMatchObject({ ok: true, saved: 1 });
    expect(credits(b)).toHaveLength(1);
  });

  it('is forgotten by the expiry sweep once its 24 hours are over, and kept before', async () => {
    const [old, young] = [newUser(), newUser()];
    await save(old, { subscriptions: grant, requestId: 'to-forget' });
    cloud.at(new Date(cloud.now().getTime() + 12 * 3600_000));
    await save(young, { subscriptions: grant, requestId: 'to-keep' });
    cloud.at(new Date(cloud.now().getTime() + 12 * 3600_000 + 60_000));
    const firing = await cloud.emulator.fireTimer('expireFormIds');
    expect(firing.result).toMatchObject({ ok: true });
    // Earlier tests' records (same emulator) are older still: the count includes them.
    expect((firing.result as { requestsDeleted: number }).requestsDeleted).toBeGreaterThanOrEqual(1);
    expect(cloud.find('saveRequests').map((d) => d.openid)).toEqual([young]);
  });

  it('that is not 1 to 64 clean characters fails the call and stores nothing', async () => {
    const me = newUser();
    const before = cloud.fingerprint();
    for (const requestId of ['', 'r'.repeat(65), 'bad\u0000id', 7]) {
      expect(await save(me, { subscriptions: grant, requestId })).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^requestId/) });
    }
    expect(cloud.fingerprint()).toBe(before);
  });
});

describe('what a client bug or a broken string sends', () => {
  it('is rejected with a reason and never stored', async () => {
    const me = newUser();
    const junk = ['undefined', 'null', 'NaN', '[object Object]'];
    const broken = ['ctl\u0001id', 'half\ud800pair', 'tail\udfffonly'];
    const answer = await save(me, { formIds: [...junk, ...broken, 'good-7e1f'] });
    expect(answer).toEqual({
      ok: true,
      saved: 1,
      rejected: [...junk.map((value) => ({ value, reason: 'junk' })), ...broken.map((value) => ({ value, reason: 'malformed' }))],
      credits: { form: 1, subscribe: 0 },
    });
    expect(credits(me).map((c) => c.value)).toEqual(['good-7e1f']);
  });
});

describe('the time of the tap', () => {
  it('starts a form id\'s 7 days; a tap in the future counts from now; a tap 7 days ago is dead', async () => {
    const me = newUser();
    const now = cloud.now().getTime();
    const answer = await save(me, { formIds: [{ value: 'tap-2h', at: now - 2 * 3600_000 }, { value: 'tap-future', at: now + 3600_000 }, { value: 'tap-old', at: now - 7 * DAY }] });
    expect(answer).toMatchObject({ saved: 2, rejected: [{ value: 'tap-old', reason: 'expired' }] });
    const expiry = Object.fromEntries(credits(me).map((c) => [c.value, (c.expireAt as Date).getTime()]));
    expect(expiry['tap-2h']).toBe(now - 2 * 3600_000 + 7 * DAY);
    // The instance's clock is the virtual time at invocation plus the real time elapsed.
    expect(expiry['tap-future']! - (now + 7 * DAY)).toBeGreaterThanOrEqual(0);
    expect(expiry['tap-future']! - (now + 7 * DAY)).toBeLessThan(5000);
  });
});

describe('the form channel switched off (no form template configured: the default)', () => {
  let off: TestCloud;
  beforeAll(async () => {
    off = await startCloud({ start: START });
  });
  afterAll(() => off.close());

  it('stores no form id and says why, while grants are stored as usual', async () => {
    const me = 'o-channel-off';
    expect(await off.call('saveFormId', { formIds: ['off-1', 'off-2'] }, me)).toEqual({
      ok: true, saved: 0, rejected: [{ value: 'off-1', reason: 'channel-off' }, { value: 'off-2', reason: 'channel-off' }], credits: { form: 0, subscribe: 0 },
    });
    expect(off.find('users')).toEqual([]); // nothing to store: not even the user is created
    expect(await off.call('saveFormId', { formId: 'off-3', subscriptions: grant }, me)).toEqual({
      ok: true, saved: 1, rejected: [{ value: 'off-3', reason: 'channel-off' }], credits: { form: 0, subscribe: 1 },
    });
    expect(off.find('credits').map((c) => c.kind)).toEqual(['subscribe']);
  });
});
