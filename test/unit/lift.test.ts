import { LIFT_MIN_USER_DAYS, liftOf, newcombeInterval, wilsonInterval, type Proportion } from '../../src/domain/lift';

const p = (successes: number, trials: number): Proportion => ({ successes, trials });
const rounded = (i: { low: number; high: number }) => [Number(i.low.toFixed(4)), Number(i.high.toFixed(4))];

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat Med 17:857, Table I, method 3.
  it.each<[number, number, number, number]>([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('gives Newcombe’s published limits for %i/%i', (x, n, low, high) => {
    expect(rounded(wilsonInterval(p(x, n)))).toEqual([low, high]);
  });

  it('refuses what is not a proportion', () => {
    for (const bad of [p(1, 0), p(-1, 5), p(6, 5), p(1.5, 5)]) expect(() => wilsonInterval(bad)).toThrow(RangeError);
  });
});

describe('newcombeInterval (hybrid score, method 10)', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions", Stat Med 17:873, Table II.
  it.each<[string, Proportion, Proportion, number, number]>([
    ['(a) 56/70 − 48/80', p(56, 70), p(48, 80), 0.0524, 0.3339],
    ['(b) 9/10 − 3/10', p(9, 10), p(3, 10), 0.1705, 0.809],
    ['(d) 5/56 − 0/29', p(5, 56), p(0, 29), -0.0381, 0.1926],
    ['(e) 0/10 − 0/20', p(0, 10), p(0, 20), -0.1611, 0.2775],
    ['(f) 0/10 − 0/10', p(0, 10), p(0, 10), -0.2775, 0.2775],
    ['(g) 10/10 − 0/20', p(10, 10), p(0, 20), 0.6791, 1],
    ['(h) 10/10 − 0/10', p(10, 10), p(0, 10), 0.6075, 1],
  ])('gives the published limits for %s', (_name, a, b, low, high) => {
    expect(rounded(newcombeInterval(a, b))).toEqual([low, high]);
  });

  it('is the mirror image when the groups change places', () => {
    const ab = newcombeInterval(p(56, 70), p(48, 80));
    const ba = newcombeInterval(p(48, 80), p(56, 70));
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });
});

describe('liftOf', () => {
  it('is the reminded rate minus the held-out rate, with the interval around it', () => {
    const lift = liftOf(p(56, 70), p(48, 80));
    if (!lift.enough) throw new Error('expected a lift');
    expect(lift.remindedRate).toBeCloseTo(0.8, 12);
    expect(lift.heldOutRate).toBeCloseTo(0.6, 12);
    expect(lift.lift).toBeCloseTo(0.2, 12);
    expect(rounded(lift.interval)).toEqual([0.0524, 0.3339]);
  });

  it(`says "not enough data" while either group has fewer than ${LIFT_MIN_USER_DAYS} user-days`, () => {
    expect(liftOf(p(20, LIFT_MIN_USER_DAYS - 1), p(10, 500))).toEqual({ enough: false, reminded: p(20, LIFT_MIN_USER_DAYS - 1), heldOut: p(10, 500) });
    expect(liftOf(p(200, 500), p(0, 0)).enough).toBe(false);
    expect(liftOf(p(20, LIFT_MIN_USER_DAYS), p(10, LIFT_MIN_USER_DAYS)).enough).toBe(true);
  });
});
