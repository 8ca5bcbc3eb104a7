import { inSendWindow, isDue, isDueOn, type DueSubject } from '../../src/domain/due';
import { atLocalHour } from '../../src/domain/time';

const config = { window: { start: 8, end: 21 }, defaultHour: 10, timezone: 'Asia/Shanghai' };
const subject = (over: Partial<DueSubject> = {}): DueSubject => ({
  enabled: true,
  chosenHour: null,
  lastCheckInDate: '2026-03-08',
  lastRemindedDate: '2026-03-08',
  recentCheckIns: [],
  hasUsableCredit: true,
  ...over,
});
const shanghai = (date: string, hour: number, minute = 0) => new Date(atLocalHour(date, hour).getTime() + minute * 60_000);
const MAR9_10 = shanghai('2026-03-09', 10);

describe('isDue (DESIGN §2 rules 1-5)', () => {
  it.each<[string, Partial<DueSubject>, Date, unknown]>([
    ['due at the default hour', {}, MAR9_10, { due: true, hour: 10 }],
    ['due later the same day', {}, shanghai('2026-03-09', 21, 59), { due: true, hour: 10 }],
    ['a new user who never checked in nor was reminded', { lastCheckInDate: null, lastRemindedDate: null }, MAR9_10, { due: true, hour: 10 }],
    ['1: reminders turned off', { enabled: false }, MAR9_10, { due: false, reason: 'disabled' }],
    ['2: checked in today', { lastCheckInDate: '2026-03-09' }, MAR9_10, { due: false, reason: 'checked-in' }],
    ['3: reminded today', { lastRemindedDate: '2026-03-09' }, MAR9_10, { due: false, reason: 'reminded' }],
    ['3: a reminder dated after today also counts', { lastRemindedDate: '2026-03-10' }, MAR9_10, { due: false, reason: 'reminded' }],
    ['4: 22:00 is quiet', {}, shanghai('2026-03-09', 22), { due: false, reason: 'quiet-hours' }],
    ['4: 07:59 is quiet', {}, shanghai('2026-03-09', 7, 59), { due: false, reason: 'quiet-hours' }],
    ['4: before the effective hour', { chosenHour: 15 }, shanghai('2026-03-09', 14, 59), { due: false, reason: 'too-early' }],
    ['4: at the chosen hour', { chosenHour: 15 }, shanghai('2026-03-09', 15), { due: true, hour: 15 }],
    ['4: at 8:00 for a chosen hour of 8', { chosenHour: 8 }, shanghai('2026-03-09', 8), { due: true, hour: 8 }],
    ['5: no usable credit', { hasUsableCredit: false }, MAR9_10, { due: false, reason: 'no-credit' }],
    [
      'the learned habit moves the hour',
      { recentCheckIns: [{ date: '2026-03-06', hour: 19 }, { date: '2026-03-07', hour: 20 }, { date: '2026-03-08', hour: 19 }] },
      shanghai('2026-03-09', 17),
      { due: false, reason: 'too-early' },
    ],
  ])('%s', (_name, over, now, expected) => {
    expect(isDue(subject(over), now, config)).toEqual(expected);
  });

  it('reads the date and hour in Shanghai, not UTC: 02:00 UTC is 10:00 the same Shanghai day', () => {
    const now = new Date('2026-03-09T02:00:00Z');
    expect(isDue(subject({ lastCheckInDate: '2026-03-08' }), now, config)).toEqual({ due: true, hour: 10 });
  });

  it('counts 23:30 UTC as the next Shanghai date (07:30 there, still quiet)', () => {
    const now = new Date('2026-03-08T23:30:00Z');
    expect(isDue(subject({ lastCheckInDate: '2026-03-08' }), now, config)).toEqual({ due: false, reason: 'quiet-hours' });
  });

  it('names the first failing rule when several fail', () => {
    expect(isDue(subject({ enabled: false, lastCheckInDate: '2026-03-09', hasUsableCredit: false }), MAR9_10, config)).toEqual({
      due: false,
      reason: 'disabled',
    });
  });
});

describe('inSendWindow', () => {
  it.each([[7, false], [8, true], [14, true], [21, true], [22, false], [0, false]])('hour %i in 8-21 → %p', (hour, expected) => {
    expect(inSendWindow(hour, { start: 8, end: 21 })).toBe(expected);
  });
});

describe('isDueOn', () => {
  it('decides like isDue for the local date and hour of the instant', () => {
    const user = subject({ lastCheckInDate: '2026-03-08' });
    for (const iso of ['2026-03-09T01:59:59Z', '2026-03-09T02:00:00Z', '2026-03-09T13:59:59Z', '2026-03-09T14:00:00Z', '2026-03-08T15:00:00Z']) {
      const now = new Date(iso);
      const hour = (now.getUTCHours() + 8) % 24;
      const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      expect(isDueOn(user, { today, hour }, config)).toEqual(isDue(user, now, config));
    }
  });
});
