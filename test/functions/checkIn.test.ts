// checkIn through the real bundle on the emulator. The virtual clock only moves forward, so the
// describe blocks run in date order.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, docOf, type TestCloud } from './support/cloud';

let cloud: TestCloud;
let users = 0;
const newUser = () => `o-checkin-${++users}`;
const today = (openid: string | null) => cloud.call('checkIn', { action: 'today' }, openid);
const answer = (openid: string, questionId: string, choice: number) => cloud.call('checkIn', { action: 'answer', questionId, choice }, openid);
const questionOf = (date: string) => questionOfDay(date, QUESTION_BANK);
/** Answers the question of `date` (the clock must be on that Shanghai date), right or wrong. */
const answerOf = (openid: string, date: string, right = true) => {
  const q = questionOf(date);
  return answer(openid, q.id, right ? q.answer : (q.answer + 1) % q.options.length);
};
const records = (openid: string) => cloud.find('checkins', { openid });

beforeAll(async () => {
  cloud = await startCloud({ start: '2026-03-09T02:00:00.000Z' }); // 10:00 in Shanghai
});
afterAll(() => cloud.close());

describe('today\'s question', () => {
  it('is the question of the Shanghai date, without its answer, and reading it writes nothing', async () => {
    const before = cloud.fingerprint();
    const q = questionOf('2026-03-09');
    expect(await today(newUser())).toEqual({
      ok: true, date: '2026-03-09', checkedIn: false, streak: 0, question: { id: q.id, text: q.text, options: q.options }, answer: null, remindersEnabled: true, credits: { form: 0, subscribe: 0 },
    });
    expect(cloud.fingerprint()).toBe(before);
  });

  it('is the default action and the same for every user', async () => {
    const a = await cloud.call('checkIn', {}, newUser());
    const b = await cloud.call('checkIn', undefined, newUser());
    expect(a.question).toEqual(b.question);
    expect(a.question.id).toBe(questionOf('2026-03-09').id);
  });

  it('comes from a bank of at least 60 Chinese questions', () => {
    expect(QUESTION_BANK.length).toBeGreaterThanOrEqual(60);
    for (const q of QUESTION_BANK) expect(q.text).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('answering on 2026-03-09', () => {
  it('records a right answer as the day\'s check-in with its points', async () => {
    const me = newUser();
    const q = questionOf('2026-03-09');
    expect(await answer(me, q.id, q.answer)).toEqual({ ok: true, date: '2026-03-09', choice: q.answer, correct: true, correctChoice: q.answer, streak: 1, alreadyCheckedIn: false });
    expect(docOf(cloud, 'checkins', `${me}:2026-03-09`)).toMatchObject({ openid: me, date: '2026-03-09', questionId: q.id, choice: q.answer, correct: true, points: 10, hour: 10 });
    expect(docOf(cloud, 'users', me)).toMatchObject({
      lastCheckInDate: '2026-03-09', streak: 1, recentCheckIns: [{ date: '2026-03-09', hour: 10 }], checkIns: 1, correct: 1, points: 10,
      nextRemindDate: '9999-12-31', // no credit yet: a check-in does not make a user due
    });
    expect(await today(me)).toMatchObject({ checkedIn: true, streak: 1, answer: { choice: q.answer, correct: true, correctChoice: q.answer } });
  });

  it('records a wrong answer as a check-in too, with fewer points, and tells the right option', async () => {
    const me = newUser();
    const q = questionOf('2026-03-09');
    const wrong = (q.answer + 1) % q.options.length;
    expect(await answer(me, q.id, wrong)).toMatchObject({ choice: wrong, correct: false, correctChoice: q.answer, streak: 1, alreadyCheckedIn: false });
    expect(docOf(cloud, 'users', me)).toMatchObject({ checkIns: 1, correct: 0, points: 5, lastChoice: wrong });
  });

  it("shows a checked-in user today's pick from the user document alone", async () => {
    const me = newUser();
    const q = questionOf('2026-03-09');
    const wrong = (q.answer + 2) % q.options.length;
    await answer(me, q.id, wrong);
    cloud.emulator.backend.instrument.resetCounts();
    expect(await today(me)).toMatchObject({ checkedIn: true, answer: { choice: wrong, correct: false, correctChoice: q.answer } });
    // The user document and the live credits; no check-in record.
    expect(cloud.emulator.backend.instrument.counts()).toEqual({ 'database.getDocument': 2 });
  });

  it('tells the credits the user holds now, which reminders spend between the app\'s uploads', async () => {
    const me = newUser();
    await cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, me);
    expect(await today(me)).toMatchObject({ credits: { form: 0, subscribe: 1 } });
  });

  it('tells whether the user has reminders switched on', async () => {
    const me = newUser();
    await cloud.call('reminderSettings', { action: 'set', enabled: false }, me);
    expect(await today(me)).toMatchObject({ remindersEnabled: false, answer: null });
    await cloud.call('reminderSettings', { action: 'set', enabled: true }, me);
    expect(await today(me)).toMatchObject({ remindersEnabled: true });
  });

  it('moves a user with credits to tomorrow in the sender\'s query', async () => {
    const me = newUser();
    await cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, me);
    expect(docOf(cloud, 'users', me).nextRemindDate).toBe('2026-03-09');
    await answerOf(me, '2026-03-09');
    expect(docOf(cloud, 'users', me).nextRemindDate).toBe('2026-03-10');
  });

  it('changes nothing on a second answer the same day, and reports the first one', async () => {
    const me = newUser();
    const q = questionOf('2026-03-09');
    const first = (q.answer + 1) % q.options.length;
    await answer(me, q.id, first);
    const before = cloud.fingerprint();
    expect(await answer(me, q.id, q.answer)).toEqual({ ok: true, date: '2026-03-09', choice: first, correct: false, correctChoice: q.answer, streak: 1, alreadyCheckedIn: true });
    expect(cloud.fingerprint()).toBe(before);
  });

  it.each([
    ['yesterday\'s question', () => questionOf('2026-03-08').id, 0, 'questionId'],
    ['tomorrow\'s question', () => questionOf('2026-03-10').id, 0, 'questionId'],
    ['an unknown question', () => 'no-such-question', 0, 'questionId'],
    ['an option that does not exist', () => questionOf('2026-03-09').id, 9, 'choice'],
  ])('refuses %s with INVALID_ARGUMENT and records nothing', async (_name, id, choice, field) => {
    const me = newUser();
    const before = cloud.fingerprint();
    const res = await answer(me, id(), choice);
    expect(res).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(res.message.startsWith(field)).toBe(true);
    expect(cloud.fingerprint()).toBe(before);
  });
});

describe('the Shanghai date edge', () => {
  const lateUser = newUser();

  it('counts 23:59 in Shanghai (15:59 UTC) for that Shanghai date', async () => {
    cloud.at('2026-03-09T15:59:00.000Z');
    expect(await answerOf(lateUser, '2026-03-09')).toMatchObject({ date: '2026-03-09', streak: 1 });
  });

  it('counts 00:30 in Shanghai (16:30 UTC the day before) for the new Shanghai date', async () => {
    cloud.at('2026-03-09T16:30:00.000Z');
    const q = questionOf('2026-03-10');
    expect(await today(lateUser)).toMatchObject({ date: '2026-03-10', checkedIn: false, streak: 1, question: { id: q.id } });
    expect(await answer(lateUser, q.id, q.answer)).toMatchObject({ ok: true, date: '2026-03-10', correct: true, streak: 2, alreadyCheckedIn: false });
    expect(docOf(cloud, 'checkins', `${lateUser}:2026-03-10`)).toMatchObject({ date: '2026-03-10', hour: 0 });
    expect(docOf(cloud, 'users', lateUser).recentCheckIns).toEqual([{ date: '2026-03-09', hour: 23 }, { date: '2026-03-10', hour: 0 }]);
  });

  it('gives consecutive Shanghai dates different questions', () => {
    expect(questionOf('2026-03-10').id).not.toBe(questionOf('2026-03-09').id);
  });
});

describe('streaks', () => {
  const regular = newUser();

  it('count consecutive dates across a month end', async () => {
    for (const [instant, date, streak] of [
      ['2026-03-30T01:00:00.000Z', '2026-03-30', 1],
      ['2026-03-31T01:00:00.000Z', '2026-03-31', 2],
      ['2026-04-01T01:00:00.000Z', '2026-04-01', 3],
    ] as const) {
      cloud.at(instant);
      expect(await answerOf(regular, date)).toMatchObject({ date, streak });
    }
  });

  it('show yesterday\'s streak until today\'s check-in, and 0 once a day was missed', async () => {
    cloud.at('2026-04-02T01:00:00.000Z');
    expect(await today(regular)).toMatchObject({ checkedIn: false, streak: 3 });
    cloud.at('2026-04-03T01:00:00.000Z');
    expect(await today(regular)).toMatchObject({ checkedIn: false, streak: 0 });
  });

  it('start again at 1 after a missed day', async () => {
    expect(await answerOf(regular, '2026-04-03')).toMatchObject({ streak: 1 });
    expect(docOf(cloud, 'users', regular)).toMatchObject({ streak: 1, checkIns: 4, lastCheckInDate: '2026-04-03' });
  });

  it('count across a year end and across the end of February', async () => {
    const me = newUser();
    const dates = ['2026-12-31', '2027-01-01', '2027-01-02'];
    for (const [i, date] of dates.entries()) {
      cloud.at(`${date}T01:00:00.000Z`);
      expect((await answerOf(me, date)).streak).toBe(i + 1);
    }
    for (const [i, date] of ['2027-02-27', '2027-02-28', '2027-03-01'].entries()) {
      cloud.at(`${date}T01:00:00.000Z`);
      expect((await answerOf(me, date)).streak).toBe(i + 1);
    }
  });
});

describe('a call that dies between recording the check-in and updating the summary', () => {
  const failSummaryUpdate = () => cloud.emulator.backend.instrument.injectFault({ action: 'database.modifyDocument', nth: 1, kind: 'drop' });

  it('is repaired by a second answer the same day', async () => {
    const me = newUser();
    cloud.at('2027-03-10T01:00:00.000Z');
    await cloud.call('reminderSettings', { action: 'set', hour: 9 }, me); // the user document exists
    failSummaryUpdate();
    const failed = await answerOf(me, '2027-03-10');
    expect(failed).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(records(me)).toHaveLength(1);
    expect(docOf(cloud, 'users', me).lastCheckInDate).toBe('');
    expect(await answerOf(me, '2027-03-10')).toMatchObject({ ok: true, date: '2027-03-10', correct: true, streak: 1, alreadyCheckedIn: true });
    expect(docOf(cloud, 'users', me)).toMatchObject({ lastCheckInDate: '2027-03-10', streak: 1, checkIns: 1 });
  });

  it('is repaired by the next day\'s answer, which keeps the streak', async () => {
    const me = newUser();
    await answerOf(me, '2027-03-10');
    cloud.at('2027-03-11T01:00:00.000Z');
    failSummaryUpdate();
    expect(await answerOf(me, '2027-03-11')).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    cloud.at('2027-03-12T01:00:00.000Z');
    expect(await answerOf(me, '2027-03-12')).toMatchObject({ ok: true, streak: 3, alreadyCheckedIn: false });
    expect(docOf(cloud, 'users', me)).toMatchObject({ lastCheckInDate: '2027-03-12', streak: 3, checkIns: 3 });
  });
});
