import { lowerNextRemindDate, NEVER_DATE, nextRemindDateAfterCheckIn, type RemindDates } from '../../src/domain/remindDate';

const user = (lastCheckInDate: string, lastRemindedDate: string, nextRemindDate: string): RemindDates => ({ lastCheckInDate, lastRemindedDate, nextRemindDate });

describe('lowerNextRemindDate (a new credit, or reminders switched on)', () => {
  const today = '2026-03-09';
  it.each<[string, RemindDates, string, string | null]>([
    ['a user marked "never" becomes due today', user('', '', NEVER_DATE), today, today],
    ['a user already due today needs no write', user('', '', today), today, null],
    ['an older date is already low enough', user('2026-03-01', '', '2026-03-02'), today, null],
    ['a user who checked in today waits for tomorrow', user(today, '', NEVER_DATE), today, '2026-03-10'],
    ['a user reminded today waits for tomorrow', user('2026-03-08', today, NEVER_DATE), today, '2026-03-10'],
    ['tomorrow stays when the user checked in today', user(today, '', '2026-03-10'), today, null],
    ['a check-in yesterday does not delay today', user('2026-03-08', '2026-03-07', today), today, null],
    ['across a month end', user('2026-01-31', '', NEVER_DATE), '2026-01-31', '2026-02-01'],
    ['a user held out today waits for tomorrow', { ...user('', '', NEVER_DATE), remind: { date: today, state: 'held-out' } }, today, '2026-03-10'],
    ['a hold-out of another day does not delay today', { ...user('', '', NEVER_DATE), remind: { date: '2026-03-08', state: 'held-out' } }, today, today],
    ['a released claim of today does not delay today', { ...user('', '', NEVER_DATE), remind: { date: today, state: 'released' } }, today, today],
  ])('%s', (_name, u, on, expected) => {
    expect(lowerNextRemindDate(u, on)).toBe(expected);
  });
});

describe('nextRemindDateAfterCheckIn', () => {
  it.each<[string, string, string, string]>([
    ['a user due today is next due tomorrow', '2026-03-09', '2026-03-09', '2026-03-10'],
    ['an old lower bound moves to tomorrow', '2026-01-01', '2026-03-09', '2026-03-10'],
    ['"never" stays: a check-in gives no credit', NEVER_DATE, '2026-03-09', NEVER_DATE],
    ['across a year end', '2025-12-31', '2025-12-31', '2026-01-01'],
    ['into a leap day', '2024-02-28', '2024-02-28', '2024-02-29'],
  ])('%s', (_name, current, date, expected) => {
    expect(nextRemindDateAfterCheckIn(current, date)).toBe(expected);
  });
});
