import { claimExpiry, claimStatus, CLAIM_MARGIN_MS, FINISH_RESERVE_MS, MAX_TIME_LIMIT_MS, runBudget } from '../../src/domain/claims';

const now = new Date('2026-08-03T02:10:00.000Z');
const today = '2026-08-03';
const later = (ms: number) => new Date(now.getTime() + ms);
const claim = (fields: Partial<{ date: string; state: string; expiresAt: Date }>) => ({ date: today, runId: 'run_x', owner: 'req-1', state: 'claimed', at: now, expiresAt: later(120_000), ...fields });

describe('whose a user-day is', () => {
  it.each([
    ['no claim', null, 'free'],
    ["yesterday's claim", claim({ date: '2026-08-02' }), 'free'],
    ['a claim that ended with a send', claim({ state: 'sent' }), 'free'],
    ['a claim that was let go', claim({ state: 'released' }), 'free'],
    ['a claim made just now', claim({}), 'live'],
    ['a claim one ms before its expiry', claim({ expiresAt: later(1) }), 'live'],
    ['a claim at its expiry', claim({ expiresAt: now }), 'stale'],
    ['a claim without a readable expiry (an older version wrote it)', claim({ expiresAt: new Date(NaN) }), 'stale'],
  ])('%s is %s', (_, c, status) => {
    expect(claimStatus(c, today, now)).toBe(status);
  });
});

describe("a claim's expiry", () => {
  it.each([3000, 60_000, 900_000])('outlives its holder: an invocation with a %i ms time limit has ended by then', (limit) => {
    expect(claimExpiry(now, limit).getTime()).toBe(now.getTime() + limit + CLAIM_MARGIN_MS);
  });

  it('assumes the longest time limit the platform allows when the platform does not say', () => {
    expect(claimExpiry(now, null).getTime()).toBe(now.getTime() + MAX_TIME_LIMIT_MS + CLAIM_MARGIN_MS);
  });
});

describe("a run's budget", () => {
  it.each([
    ['the configured one when the limit leaves room', 40_000, 60_000, 40_000],
    ['the limit minus what the last writes need when the configuration asks more', 840_000, 60_000, 60_000 - FINISH_RESERVE_MS],
    ['the limit minus the reserve for a long limit', 840_000, 900_000, 840_000],
    ['5 s at a 20 s limit', 40_000, 20_000, 5000],
    ['the configured one when the platform gives no limit', 40_000, null, 40_000],
  ])('is %s', (_, configured, limit, budget) => {
    expect(runBudget(configured, limit, 'sendReminders')).toEqual({ ok: true, budgetMs: budget });
  });

  it.each([3000, 19_999])('is none at a %i ms time limit, with a problem saying what to set', (limit) => {
    const b = runBudget(40_000, limit, 'sendReminders');
    expect(b.ok).toBe(false);
    expect(!b.ok && b.problem).toMatch(/time limit is \d+(\.\d)? s .* at least 20 s .*nothing is claimed.*Set sendReminders' timeout to 60 s/);
  });
});
