// Bounded storage (DESIGN §6b): the expiry sweep deletes check-in records older than
// REMINDER_CHECKIN_RETENTION_DAYS (90) and run logs older than 90 days, a page at a time within its
// budget — and streaks, points and the learned hour stay right, because the user's summary keeps
// what must outlive the records.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { addDays, atLocalHour, type LocalDate } from '../../src/domain/time';
import { startReminderCloud, type Doc, type ReminderCloud } from './support/cloud';

const TZ = 'Asia/Shanghai';
const DAYS = 120;
const KEPT = 90;
const FIRST: LocalDate = '2027-01-04';

/** Who answers on day `d` of the 120, and at which Shanghai hour. */
const USERS: Array<{ openid: string; hour: number; answers: (d: number) => boolean }> = [
  { openid: 'o-keen', hour: 9, answers: () => true },
  { openid: 'o-weekly-gap', hour: 20, answers: (d) => d % 7 !== 3 },
  // Ten days, then nothing until long after those records are gone, then back every day.
  { openid: 'o-returning', hour: 9, answers: (d) => d < 10 || d >= 110 },
];

/** Consecutive answered days ending `d`. */
const expectedStreak = (answers: (d: number) => boolean, d: number) => {
  let n = 0;
  while (d - n >= 0 && answers(d - n)) n++;
  return n;
};

describe('120 simulated days with the default retention', () => {
  let cloud: ReminderCloud;
  beforeAll(async () => {
    cloud = await startReminderCloud({ start: `${FIRST}T00:00:00.000Z` });
  });
  afterAll(() => cloud.close());

  it('keeps at most 90 days of check-ins and run logs while streaks, points and the learned hour stay right', async () => {
    const answered = new Map(USERS.map((u) => [u.openid, 0]));
    let checkInsDeleted = 0;
    let runLogsDeleted = 0;
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(FIRST, d);
      for (const hour of [9, 10, 20, 23]) {
        cloud.at(atLocalHour(date, hour, TZ));
        for (const user of USERS.filter((u) => u.hour === hour && u.answers(d))) {
          const q = questionOfDay(date, QUESTION_BANK);
          const answer = await cloud.call('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, user.openid);
          expect({ user: user.openid, date, streak: answer.streak }).toEqual({ user: user.openid, date, streak: expectedStreak(user.answers, d) });
          answered.set(user.openid, answered.get(user.openid)! + 1);
        }
        if (hour === 10) expect(await cloud.runAnswer()).toMatchObject({ ok: true, date }); // a run log a day
      }
      const sweep = await cloud.timer('expireFormIds');
      expect(sweep).toMatchObject({ ok: true, more: false });
      checkInsDeleted += sweep.checkInsDeleted;
      runLogsDeleted += sweep.runLogsDeleted;

      const keepFrom = addDays(date, 1 - KEPT);
      const dates = (docs: Doc[]) => new Set(docs.map((c) => c.date as string));
      const checkIns = cloud.find('checkins');
      expect(checkIns.filter((c) => (c.date as string) < keepFrom)).toEqual([]);
      expect(dates(checkIns).size).toBeLessThanOrEqual(KEPT);
      expect(cloud.find('reminderRuns').filter((r) => (r.date as string) < keepFrom)).toEqual([]);
    }

    const last = addDays(FIRST, DAYS - 1);
    // Exactly the last 90 dates are left, of both kinds of record.
    expect(cloud.find('checkins', { openid: 'o-keen' })).toHaveLength(KEPT);
    expect(cloud.find('reminderRuns')).toHaveLength(KEPT);
    expect(runLogsDeleted).toBe(DAYS - KEPT);
    const total = [...answered.values()].reduce((a, b) => a + b, 0);
    expect(checkInsDeleted).toBe(total - cloud.find('checkins').length);
    expect(checkInsDeleted).toBeGreaterThan(0);

    for (const user of USERS) {
      // Totals count every answer, also those whose records are gone (right answers: 10 points each).
      expect(cloud.user(user.openid)).toMatchObject({ checkIns: answered.get(user.openid), points: 10 * answered.get(user.openid)!, lastCheckInDate: last, streak: expectedStreak(user.answers, DAYS - 1) });
      // The learned hour: one hour before the habit.
      const settings = await cloud.call('reminderSettings', { action: 'get' }, user.openid);
      expect(settings.automaticHour).toBe(user.hour - 1);
    }
  }, 180_000);
});

describe('a backlog of old records', () => {
  let cloud: ReminderCloud;
  beforeAll(async () => {
    cloud = await startReminderCloud({ start: '2027-06-01T02:00:00.000Z', env: { REMINDER_RUN_BUDGET_MS: '1000' } });
  });
  afterAll(() => cloud.close());

  it('is deleted a page at a time within the budget, the next firings going on where the last stopped', async () => {
    const old = addDays('2027-06-01', -200);
    const records = Array.from({ length: 2500 }, (_, i) => ({ _id: `o-old-${i}:${old}`, openid: `o-old-${i}`, date: old, hour: 9 }));
    cloud.emulator.backend.db.insert('checkins', [...records, { _id: 'o-recent:2027-05-31', openid: 'o-recent', date: '2027-05-31', hour: 9 }]);
    // Each request takes 150 ms: the credit steps and a page or two fit in one second.
    cloud.emulator.backend.instrument.setLatency('database.*', 150);
    const answers = [];
    for (let firing = 0; firing < 8; firing++) {
      const answer = await cloud.timer('expireFormIds');
      answers.push(answer);
      if (!answer.more) break;
    }
    expect(answers[0]).toMatchObject({ more: true });
    expect(answers[answers.length - 1]).toMatchObject({ more: false });
    expect(answers.reduce((n, a) => n + a.checkInsDeleted, 0)).toBe(2500);
    expect(cloud.find('checkins').map((c) => c._id)).toEqual(['o-recent:2027-05-31']);
  }, 60_000);
});
