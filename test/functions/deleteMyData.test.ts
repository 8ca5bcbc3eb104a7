// reminderSettings { action: 'deleteMyData' } through the real bundle on the emulator: the user's
// right to deletion (DESIGN §2, PIPL art. 47). The virtual clock only moves forward.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { addDays } from '../../src/domain/time';
import { DELETE_PAGE } from '../../src/store/userData';
import { collectionsWithoutRule, documentsMentioning } from '../support/userData';
import { SUBSCRIBE_TEMPLATE, startCloud, type Doc, type TestCloud } from './support/cloud';

let cloud: TestCloud;
const DAYS = ['2026-10-05', '2026-10-06', '2026-10-07'];
const deleteMyData = (openid: string | null, event: Record<string, unknown> = {}) => cloud.call('reminderSettings', { ...event, action: 'deleteMyData' }, openid);
const about = (openid: string) => documentsMentioning(cloud.emulator.backend.db, openid);
/** Every document that is not about `openid`: what a deletion must leave as it was. */
const othersThan = (openid: string) => cloud.emulator.backend.db.collections().flatMap((name) => cloud.find(name).filter((d) => !JSON.stringify(d).includes(openid)).map((d) => [name, d]));

beforeAll(async () => {
  cloud = await startCloud({ start: `${DAYS[0]}T02:00:00.000Z` });
  // Each user's check-in of each day, the clock moving one day at a time.
  for (const [i, day] of DAYS.entries()) {
    cloud.at(`${day}T02:00:00.000Z`);
    for (const openid of ['o-del-leaver', 'o-del-stayer', 'o-del-victim']) {
      if (i === 0) {
        // As the app uploads: with a request id, whose record (saveRequests) is about the user too.
        await cloud.call('saveFormId', { formIds: [`${openid}-f1`, `${openid}-f2`], subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' }, requestId: 'upload-1' }, openid);
        await cloud.call('reminderSettings', { action: 'set', hour: 20 }, openid);
      }
      const q = questionOfDay(day, QUESTION_BANK);
      await cloud.call('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, openid);
    }
  }
});
afterAll(() => cloud.close());

describe('deleting my data', () => {
  it('removes the user, their credits and check-ins, answers the counts, and leaves everyone else as they were', async () => {
    const others = othersThan('o-del-leaver');
    const held = { users: 1, credits: cloud.find('credits', { openid: 'o-del-leaver' }).length, checkins: DAYS.length, saveRequests: 1 };
    expect(held.credits).toBeGreaterThan(0);
    expect(about('o-del-leaver')).toHaveLength(held.users + held.credits + held.checkins + held.saveRequests);
    expect(await deleteMyData('o-del-leaver')).toEqual({ ok: true, deleted: held });
    expect(about('o-del-leaver')).toEqual([]);
    expect(othersThan('o-del-leaver')).toEqual(others);
    expect(collectionsWithoutRule(cloud.emulator.backend.db)).toEqual([]);
  });

  it('answers zeros the second time and writes nothing', async () => {
    const before = cloud.fingerprint();
    expect(await deleteMyData('o-del-leaver')).toEqual({ ok: true, deleted: { users: 0, credits: 0, checkins: 0, saveRequests: 0 } });
    expect(cloud.fingerprint()).toBe(before);
  });

  it('deletes only the caller from the context: an openid in the event is ignored', async () => {
    const victim = about('o-del-victim');
    const spoof = { openid: 'o-del-victim', _openid: 'o-del-victim', OPENID: 'o-del-victim', userId: 'o-del-victim' };
    expect(await deleteMyData('o-del-stayer', spoof)).toMatchObject({ ok: true, deleted: { users: 1 } });
    expect(about('o-del-victim')).toEqual(victim);
    expect(about('o-del-stayer')).toEqual([]);
  });

  it('refuses a call without an identity and deletes nothing', async () => {
    const before = cloud.fingerprint();
    expect(await cloud.call('reminderSettings', { action: 'deleteMyData', openid: 'o-del-victim' }, null)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(cloud.fingerprint()).toBe(before);
  });

  it('lets the same person start again as a new user, with a fresh streak, points and settings', async () => {
    const day = DAYS[2]!;
    const q = questionOfDay(day, QUESTION_BANK);
    // Today's check-in was deleted with the rest: answering today counts again, from the start.
    expect(await cloud.call('checkIn', { action: 'today' }, 'o-del-leaver')).toMatchObject({ checkedIn: false, streak: 0 });
    expect(await cloud.call('reminderSettings', { action: 'get' }, 'o-del-leaver')).toMatchObject({ enabled: true, hour: null, credits: { form: 0, subscribe: 0 }, lastRemindedDate: null });
    expect(await cloud.call('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, 'o-del-leaver')).toMatchObject({ ok: true, streak: 1, alreadyCheckedIn: false });
    expect(cloud.find('users', { _id: 'o-del-leaver' })[0]).toMatchObject({ checkIns: 1, points: 10, streak: 1, hour: null });
  });
});

describe('a user with a long history', () => {
  it('has 1,500 check-ins deleted a page at a time, within one call', async () => {
    const openid = 'o-del-veteran';
    const start = addDays(DAYS[2]!, -1500);
    const records: Doc[] = Array.from({ length: 1500 }, (_, i) => {
      const date = addDays(start, i);
      return { _id: `${openid}:${date}`, openid, date, questionId: 'q', choice: 0, correct: true, points: 10, hour: 9, at: new Date(`${date}T01:00:00.000Z`) };
    });
    cloud.emulator.backend.db.insert('checkins', records);
    await cloud.call('reminderSettings', { action: 'set', enabled: false }, openid);
    // A user whose id is a prefix of this one's keeps their records.
    await cloud.call('reminderSettings', { action: 'set', enabled: false }, 'o-del-vet');
    cloud.emulator.backend.db.insert('checkins', [{ _id: 'o-del-vet:2026-10-07', openid: 'o-del-vet', date: '2026-10-07' }]);
    const instrument = cloud.emulator.backend.instrument;
    instrument.resetCounts();
    expect(await deleteMyData(openid)).toEqual({ ok: true, deleted: { users: 1, credits: 0, checkins: 1500, saveRequests: 0 } });
    expect(about(openid)).toEqual([]);
    expect(cloud.find('checkins', { openid: 'o-del-vet' })).toHaveLength(1);
    // Per collection a page read and its removal; check-ins take two pages of DELETE_PAGE.
    expect(DELETE_PAGE).toBe(1000);
    const removes = instrument.counts()['database.removeDocument'];
    expect(removes).toBe(1 + 2);
  });
});
