// reminderSettings through the real bundle on the emulator.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, docOf, type TestCloud } from './support/cloud';

let cloud: TestCloud;
let users = 0;
const newUser = () => `o-settings-${++users}`;
const settings = (openid: string, event: unknown) => cloud.call('reminderSettings', event, openid);
const defaults = { ok: true, enabled: true, hour: null, effectiveHour: 10, hourSource: 'default', habit: null, automaticHour: 10, credits: { form: 0, subscribe: 0 }, lastRemindedDate: null };

beforeAll(async () => {
  cloud = await startCloud({ start: '2026-05-01T02:00:00.000Z', formChannel: true });
});
afterAll(() => cloud.close());

describe('reading the settings', () => {
  it('answers the defaults for a new user and writes nothing', async () => {
    const before = cloud.fingerprint();
    expect(await settings(newUser(), { action: 'get' })).toEqual(defaults);
    expect(await settings(newUser(), {})).toEqual(defaults);
    expect(cloud.fingerprint()).toBe(before);
  });

  it('answers the live credits and the date of the last reminder', async () => {
    const me = newUser();
    await cloud.call('saveFormId', { formIds: ['s-1', 's-2'], subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, me);
    cloud.emulator.backend.db.update('users', { _id: me }, { $set: { lastRemindedDate: '2026-04-30' } });
    expect(await settings(me, { action: 'get' })).toEqual({ ...defaults, credits: { form: 2, subscribe: 1 }, lastRemindedDate: '2026-04-30' });
  });
});

describe('changing the settings', () => {
  it('sets a chosen hour, which becomes the effective hour', async () => {
    const me = newUser();
    expect(await settings(me, { action: 'set', hour: 20 })).toEqual({ ...defaults, hour: 20, effectiveHour: 20, hourSource: 'chosen' });
    expect(docOf(cloud, 'users', me)).toMatchObject({ hour: 20, enabled: true });
    expect(await settings(me, { action: 'get' })).toMatchObject({ hour: 20, effectiveHour: 20 });
  });

  it('goes back to automatic with hour null', async () => {
    const me = newUser();
    await settings(me, { action: 'set', hour: 8 });
    expect(await settings(me, { action: 'set', hour: null })).toMatchObject({ hour: null, effectiveHour: 10 });
  });

  it('switching off takes the user out of the sender\'s query; switching on puts them back', async () => {
    const me = newUser();
    await cloud.call('saveFormId', { formId: 'toggle-1' }, me);
    expect(await settings(me, { action: 'set', enabled: false })).toMatchObject({ enabled: false, credits: { form: 1, subscribe: 0 } });
    expect(docOf(cloud, 'users', me)).toMatchObject({ enabled: false, nextRemindDate: '9999-12-31' });
    expect(await settings(me, { action: 'set', enabled: true })).toMatchObject({ enabled: true });
    expect(docOf(cloud, 'users', me)).toMatchObject({ enabled: true, nextRemindDate: '2026-05-01' });
  });

  it('leaves fields the event does not name as they were', async () => {
    const me = newUser();
    await settings(me, { action: 'set', enabled: false, hour: 12 });
    expect(await settings(me, { action: 'set', hour: 13 })).toMatchObject({ enabled: false, hour: 13 });
    expect(await settings(me, { action: 'set' })).toMatchObject({ enabled: false, hour: 13 });
  });

  it.each([
    [{ action: 'set', hour: 7 }, 'hour'],
    [{ action: 'set', hour: 22 }, 'hour'],
    [{ action: 'set', hour: 9.5 }, 'hour'],
    [{ action: 'set', hour: '9' }, 'hour'],
    [{ action: 'set', enabled: 'yes' }, 'enabled'],
    [{ action: 'delete' }, 'action'],
  ])('refuses %j naming the field and changes nothing', async (event, field) => {
    const me = newUser();
    await settings(me, { action: 'set', hour: 9 });
    const before = cloud.fingerprint();
    const res = await settings(me, event);
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(res.message.startsWith(field)).toBe(true);
    expect(cloud.fingerprint()).toBe(before);
  });
});

describe('the automatic hour', () => {
  it('is one hour before the habitual check-in hour once the user has 3 check-ins', async () => {
    const me = newUser();
    for (const [day, hourUtc] of [['2026-05-02', 11], ['2026-05-03', 12], ['2026-05-04', 11]] as const) {
      cloud.at(`${day}T${hourUtc}:10:00.000Z`); // 19:10 / 20:10 in Shanghai
      const q = questionOfDay(day, QUESTION_BANK);
      await cloud.call('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, me);
    }
    cloud.at('2026-05-05T01:00:00.000Z');
    const habit = { hour: 19, checkIns: 3 };
    expect(await settings(me, { action: 'get' })).toMatchObject({ hour: null, effectiveHour: 18, hourSource: 'learned', habit, automaticHour: 18 });
    expect(await settings(me, { action: 'set', hour: 9 })).toMatchObject({ hour: 9, effectiveHour: 9, hourSource: 'chosen', habit, automaticHour: 18 });
  });
});
