import type { RemindClaim } from '../../src/domain/claims';
import { dayGroup, isHeldOut, PROMPT_WINDOW_MS, promptedBy } from '../../src/domain/holdout';
import { addDays } from '../../src/domain/time';

const TODAY = '2026-03-15';
const SENT_AT = new Date('2026-03-15T03:00:00.000Z'); // 11:00 Shanghai
const after = (ms: number) => new Date(SENT_AT.getTime() + ms);
const claim = (state: string, date = TODAY): RemindClaim => ({ date, runId: 'run_1', owner: 'req_1', state, at: SENT_AT, expiresAt: SENT_AT });

describe('isHeldOut', () => {
  const openids = Array.from({ length: 20_000 }, (_, i) => `o-${i}`);

  it('holds out no one at 0 %', () => {
    expect(openids.filter((o) => isHeldOut(o, TODAY, 0))).toEqual([]);
  });

  it.each([5, 20, 50])('holds out close to %i %% of user-days', (percent) => {
    const share = openids.filter((o) => isHeldOut(o, TODAY, percent)).length / openids.length;
    // 20,000 draws: the standard error of the share is at most 0.35 percentage points.
    expect(Math.abs(share - percent / 100)).toBeLessThan(0.012);
  });

  it('gives the same answer for the same user and date, whoever asks', () => {
    const first = openids.slice(0, 500).map((o) => isHeldOut(o, TODAY, 20));
    expect(openids.slice(0, 500).map((o) => isHeldOut(o, TODAY, 20))).toEqual(first);
  });

  it('draws anew each date, so no user is held out every day', () => {
    const days = Array.from({ length: 30 }, (_, d) => addDays(TODAY, d));
    const always = openids.slice(0, 2000).filter((o) => days.every((d) => isHeldOut(o, d, 50)));
    expect(always).toEqual([]);
    const heldOnce = openids.slice(0, 2000).filter((o) => days.some((d) => isHeldOut(o, d, 20)));
    expect(heldOnce.length).toBeGreaterThan(1900);
  });

  it('holds out a superset when the share grows: raising it mid-day never reminds someone held out', () => {
    const at10 = openids.filter((o) => isHeldOut(o, TODAY, 10));
    expect(at10.every((o) => isHeldOut(o, TODAY, 30))).toBe(true);
  });
});

describe('dayGroup: which group the day of a check-in belongs to, from the user document', () => {
  it.each<[string, { lastRemindedDate: string; remind: RemindClaim | null }, Date, ReturnType<typeof dayGroup>]>([
    ['reminded, answered at once', { lastRemindedDate: TODAY, remind: claim('sent') }, after(60_000), { group: 'reminded', within: true }],
    ['reminded, answered at exactly 2 h', { lastRemindedDate: TODAY, remind: claim('sent') }, after(PROMPT_WINDOW_MS), { group: 'reminded', within: true }],
    ['reminded, answered later that day', { lastRemindedDate: TODAY, remind: claim('ambiguous') }, after(PROMPT_WINDOW_MS + 1), { group: 'reminded', within: false }],
    ['claimed by a run that is sending: answered before its write', { lastRemindedDate: '', remind: claim('claimed') }, after(5_000), { group: 'reminded', within: true }],
    ['held out, checked in within 2 h', { lastRemindedDate: '', remind: claim('held-out') }, after(30 * 60_000), { group: 'held-out', within: true }],
    ['held out, checked in later', { lastRemindedDate: '', remind: claim('held-out') }, after(3 * 60 * 60_000), { group: 'held-out', within: false }],
    ['released (not reminded): neither yet', { lastRemindedDate: '', remind: claim('released') }, after(60_000), null],
    ['nothing today', { lastRemindedDate: addDays(TODAY, -1), remind: claim('sent', addDays(TODAY, -1)) }, after(60_000), null],
    ['a new user', { lastRemindedDate: '', remind: null }, after(60_000), null],
  ])('%s', (_name, user, now, expected) => {
    expect(dayGroup(user, TODAY, now)).toEqual(expected);
  });

  it('calls only a check-in within 2 h after a reminder prompted', () => {
    expect(promptedBy({ group: 'reminded', within: true })).toBe(true);
    expect(promptedBy({ group: 'reminded', within: false })).toBe(false);
    expect(promptedBy({ group: 'held-out', within: true })).toBe(false);
    expect(promptedBy(null)).toBe(false);
  });
});
