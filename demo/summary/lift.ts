// Do reminders work? The lift per day and over the period, from the product's own daily figures
// (`dailyStats`: reminded and held-out user-days and their check-ins, docs/holdout.md) — what a team
// running the mini-program sees, with no knowledge of the simulated users.
import { LIFT_MIN_USER_DAYS, liftOf, type Lift } from '../../src/domain/lift';
import { NO_DAILY_COUNTS, type DailyCounts } from '../../src/store/dailyStats';

export interface DayLift {
  date: string;
  /** Check-ins the same day, as a share of the group's user-days. */
  sameDay: Lift;
  /** Check-ins within 2 hours after the reminder (or the hold-out). */
  within2h: Lift;
}

export interface LiftSummary {
  days: DayLift[];
  /** Every user-day of the period pooled. */
  period: DayLift;
}

const liftsOf = (date: string, c: DailyCounts): DayLift => ({
  date,
  sameDay: liftOf({ successes: c.checkedInAfterReminder, trials: c.reminded }, { successes: c.checkedInHeldOut, trials: c.heldOut }),
  within2h: liftOf({ successes: c.checkedInWithin2hAfterReminder, trials: c.reminded }, { successes: c.checkedInWithin2hHeldOut, trials: c.heldOut }),
});

export function liftSummary(dailyStats: ReadonlyArray<DailyCounts & { date: string }>, dates: readonly string[]): LiftSummary {
  const total = { ...NO_DAILY_COUNTS };
  const days = dates.map((date) => {
    const counts = dailyStats.find((s) => s.date === date) ?? NO_DAILY_COUNTS;
    for (const k of Object.keys(total) as Array<keyof DailyCounts>) total[k] += counts[k];
    return liftsOf(date, counts);
  });
  return { days, period: liftsOf('period', total) };
}

const pp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
const share = (s: number, n: number) => (n === 0 ? '–' : `${s}/${n} (${((100 * s) / n).toFixed(0)} %)`);

/** What the lift figures mean, in one paragraph for the terminal and the report. */
export const LIFT_NOTE =
  'lift = check-in rate of reminded user-days − that of held-out user-days, in percentage points (pp), with its 95 % interval ' +
  `(Newcombe's hybrid score interval); "not enough data" while a group has fewer than ${LIFT_MIN_USER_DAYS} user-days. ` +
  'Same day: checked in later that date; ≤ 2 h: within 2 hours after the reminder (or the hold-out).';

/** "+12.3 pp (95 % CI +4.1 to +20.5)", or "not enough data". */
export function liftText(lift: Lift): string {
  if (!lift.enough) return 'not enough data';
  return `${pp(lift.lift)} pp (95 % CI ${pp(lift.interval.low)} to ${pp(lift.interval.high)})`;
}

/** A group's check-ins over its user-days: "80/150 (53 %)". */
export const reminderGroupText = (lift: Lift, group: 'reminded' | 'heldOut') => share(lift[group].successes, lift[group].trials);

/** Percentage points with a sign: "+12.3". */
export const signedPoints = pp;
