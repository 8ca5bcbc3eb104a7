import { CLAIM_LEASE_MS, claimStatus } from '../../src/domain/claims';

const now = new Date('2026-08-03T02:10:00.000Z');
const today = '2026-08-03';
const claim = (fields: Partial<{ date: string; state: string; at: Date }>) => ({ date: today, runId: 'run_x', state: 'claimed', at: now, ...fields });

describe('whose a user-day is', () => {
  it.each([
    ['no claim', null, 'free'],
    ["yesterday's claim", claim({ date: '2026-08-02' }), 'free'],
    ['a claim that ended with a send', claim({ state: 'sent' }), 'free'],
    ['a claim that was let go', claim({ state: 'released' }), 'free'],
    ['a claim made just now', claim({}), 'live'],
    ['a claim one ms inside the lease', claim({ at: new Date(now.getTime() - CLAIM_LEASE_MS + 1) }), 'live'],
    ['a claim exactly as old as the lease', claim({ at: new Date(now.getTime() - CLAIM_LEASE_MS) }), 'stale'],
    ['a claim without a readable time', claim({ at: new Date(NaN) }), 'stale'],
  ])('%s is %s', (_, c, status) => {
    expect(claimStatus(c, today, now)).toBe(status);
  });

  it('the lease outlasts the longest run (60 s function timeout)', () => {
    expect(CLAIM_LEASE_MS).toBeGreaterThan(60_000 * 2);
  });
});
