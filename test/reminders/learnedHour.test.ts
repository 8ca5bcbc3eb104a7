// The learned hour comes from unprompted check-ins only (DESIGN §2 "Effective hour"): a check-in a
// reminder caused does not pull the next reminder earlier. On the bundled functions, day by day.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { atLocalHour } from '../../src/domain/time';
import { addDays, startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud } from './support/cloud';

const TZ = 'Asia/Shanghai';
const USER = 'o-noon';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-10-01T00:00:00.000Z' });
});
afterAll(() => cloud.close());

const at = (date: string, hour: number, minute = 0) => cloud.at(new Date(atLocalHour(date, hour, TZ).getTime() + minute * 60_000));
const checkIn = () => cloud.call('checkIn', { action: 'answer', questionId: questionOfDay(cloud.today(), QUESTION_BANK).id, choice: 0 }, USER);
const reminders = () => cloud.outbox().filter((m) => m.touser === USER).length;

/**
 * One day of a user whose habit is noon: the timer fires every hour from 8; a reminder is
 * answered a minute after it arrives; without one the user checks in at 12:00 anyway. Answers
 * the hour of the day's reminder, or null.
 */
async function day(date: string): Promise<number | null> {
  at(date, 7, 30);
  // After each check-in the app asks for the next reminder (one subscribe grant a day).
  cloud.emulator.backend.wechat.grantSubscribe(USER, SUBSCRIBE_TEMPLATE);
  await cloud.call('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, USER);
  for (let hour = 8; hour <= 12; hour++) {
    at(date, hour);
    const before = reminders();
    if (hour < 12) await cloud.runAnswer();
    if (reminders() > before) {
      at(date, hour, 1);
      await checkIn();
      return hour;
    }
  }
  await checkIn(); // 12:00, unprompted
  return null;
}

describe('the learned hour', () => {
  it('does not chase itself: a noon user who answers every reminder at once is reminded at 11 every day', async () => {
    const first = cloud.today();
    // Three days at noon before the user allows reminders: a habit of 12, so reminders come at 11.
    for (let d = 0; d < 3; d++) {
      at(addDays(first, d), 12);
      await checkIn();
    }
    const hours: Array<number | null> = [];
    for (let d = 3; d < 14; d++) hours.push(await day(addDays(first, d)));
    // Before the fix: 11,11,11,10,10,10,10,10,10,9,9 — each answered reminder taught an earlier habit.
    expect(hours).toEqual(Array(11).fill(11));
  });
});
