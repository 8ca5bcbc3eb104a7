// Do reminders work? The lift of a reminder: the check-in rate of reminded user-days minus that of
// held-out user-days (DESIGN §2 "Holdout"), with a 95% interval (docs/holdout.md).
//
// The interval is Newcombe's hybrid score interval for a difference of independent proportions
// (method 10 of Newcombe, "Interval estimation for the difference between independent
// proportions: comparison of eleven methods", Statistics in Medicine 17:873-890, 1998): each
// rate gets its Wilson score interval (Wilson 1927; method 3 of Newcombe's companion paper on the
// single proportion, Stat Med 17:857-872), and the two are combined by the square-root rule. It
// needs no iteration, stays inside [-1, 1] and keeps close to 95% coverage where the plain
// normal (Wald) interval does not: small groups, rates near 0 or 1.

/** Two-sided 95%: the standard normal quantile at 0.975. */
export const Z_95 = 1.959963984540054;

/** Each group needs this many user-days before a lift is shown; below it, "not enough data". */
export const LIFT_MIN_USER_DAYS = 30;

/** `successes` of `trials` user-days checked in. */
export interface Proportion {
  successes: number;
  trials: number;
}

export interface Interval {
  low: number;
  high: number;
}

const checked = ({ successes, trials }: Proportion): void => {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials <= 0 || successes < 0 || successes > trials) {
    throw new RangeError(`not a proportion: ${successes}/${trials}`);
  }
};

/** The Wilson score interval of one proportion. */
export function wilsonInterval(p: Proportion, z = Z_95): Interval {
  checked(p);
  const n = p.trials;
  const rate = p.successes / n;
  const z2 = z * z;
  const centre = rate + z2 / (2 * n);
  const spread = z * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // The formula gives 0 and 1 exactly only up to rounding; the interval of 0/n starts at 0.
  return { low: p.successes === 0 ? 0 : (centre - spread) / denominator, high: p.successes === n ? 1 : (centre + spread) / denominator };
}

/** Newcombe's hybrid score interval for rate(a) − rate(b). */
export function newcombeInterval(a: Proportion, b: Proportion, z = Z_95): Interval {
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const wa = wilsonInterval(a, z);
  const wb = wilsonInterval(b, z);
  const d = pa - pb;
  return {
    low: d - Math.sqrt((pa - wa.low) ** 2 + (wb.high - pb) ** 2),
    high: d + Math.sqrt((wa.high - pa) ** 2 + (pb - wb.low) ** 2),
  };
}

export type Lift =
  | { enough: false; reminded: Proportion; heldOut: Proportion }
  | {
      enough: true;
      reminded: Proportion;
      heldOut: Proportion;
      remindedRate: number;
      heldOutRate: number;
      /** remindedRate − heldOutRate: check-ins a reminder adds per reminded user-day. */
      lift: number;
      interval: Interval;
    };

/**
 * The lift, or "not enough data" while either group has fewer than LIFT_MIN_USER_DAYS user-days:
 * below that the interval spans tens of percentage points and a point figure would mislead.
 */
export function liftOf(reminded: Proportion, heldOut: Proportion): Lift {
  if (reminded.trials < LIFT_MIN_USER_DAYS || heldOut.trials < LIFT_MIN_USER_DAYS) return { enough: false, reminded, heldOut };
  const remindedRate = reminded.successes / reminded.trials;
  const heldOutRate = heldOut.successes / heldOut.trials;
  return { enough: true, reminded, heldOut, remindedRate, heldOutRate, lift: remindedRate - heldOutRate, interval: newcombeInterval(reminded, heldOut) };
}
