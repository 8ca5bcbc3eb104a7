import { answerLost, backoffDelay, classifySend, OUTCOME_POLICY, type OutcomePolicy, type SendOutcome } from '../../src/domain/sendOutcome';
import type { CreditKind } from '../../src/domain/credits';

describe('classifySend follows the DESIGN §3 table', () => {
  it.each<[CreditKind, number | undefined, SendOutcome]>([
    ['form', 0, 'delivered'],
    ['subscribe', 0, 'delivered'],
    ['form', 41028, 'dead-credit'],
    ['form', 41029, 'dead-credit'],
    ['subscribe', 43101, 'dead-credit'],
    ['form', 40003, 'dead-credit'],
    ['subscribe', 40003, 'dead-credit'],
    ['subscribe', -1, 'transient'],
    ['form', -1, 'transient'],
    ['subscribe', 45011, 'transient'],
    ['subscribe', -501001, 'transient'],
    ['subscribe', -501002, 'ambiguous'], // the cloud timed out after forwarding the call
    ['subscribe', -604102, 'ambiguous'], // open-API call timeout: WeChat may have it
    ['subscribe', undefined, 'transient'],
    ['subscribe', 40037, 'config-broken'],
    ['form', 40037, 'config-broken'],
    ['subscribe', 41030, 'config-broken'],
    ['subscribe', 47003, 'config-broken'],
    ['subscribe', -604101, 'config-broken'],
    ['form', -604101, 'config-broken'],
    ['form', 45103, 'channel-retired'],
    ['form', 45009, 'quota'],
    ['subscribe', 45009, 'quota'],
    ['subscribe', 41028, 'unknown'], // a form-only code on the subscribe channel
    ['form', 43101, 'unknown'], // a subscribe-only code on the form channel
    ['subscribe', 99999, 'unknown'],
    ['form', 1, 'unknown'],
  ])('%s channel, errcode %p → %s', (channel, errcode, outcome) => {
    expect(classifySend(channel, errcode)).toBe(outcome);
  });

  // Messages as wx-server-sdk 4.0.2 words them (PLATFORM.md §7; the SDK lab's notes).
  it.each<[number | undefined, string, SendOutcome]>([
    [-501001, 'openapi.subscribeMessage.send:fail socket hang up', 'ambiguous'],
    [-501001, 'subscribeMessage.send:fail read ECONNRESET', 'ambiguous'],
    [-501001, 'subscribeMessage.send:fail request timeout', 'ambiguous'],
    [-1, 'callFunction:fail ESOCKETTIMEDOUT', 'ambiguous'],
    [undefined, 'write EPIPE', 'ambiguous'],
    [-501001, 'subscribeMessage.send:fail 500 Internal Server Error | [url]', 'transient'],
    [-501001, 'subscribeMessage.send:fail connect ECONNREFUSED 127.0.0.1:9', 'transient'],
    [-501001, 'subscribeMessage.send:fail connect timeout', 'ambiguous'],
    [-1, 'callFunction:fail ETIMEDOUT', 'ambiguous'],
    [-1, 'openapi.subscribeMessage.send:fail system error rid: 1', 'transient'],
    [45011, 'api minute-quota reach limit  mustslower  retry next minute (request timeout)', 'transient'],
    [43101, 'user refuse to accept the msg (socket hang up)', 'dead-credit'],
  ])('errcode %p with "%s" → %s', (errcode, errmsg, outcome) => {
    expect(classifySend('subscribe', errcode, errmsg)).toBe(outcome);
  });

  it('only transport codes can be lost answers; WeChat errcodes are answers', () => {
    expect(answerLost(-501001, 'socket hang up')).toBe(true);
    expect(answerLost(45011, 'socket hang up')).toBe(false);
    expect(answerLost(-501001, 'resource system error')).toBe(false);
  });
});

describe('what each outcome does: OUTCOME_POLICY row by row against DESIGN.md §3', () => {
  type Row = Omit<OutcomePolicy, 'report'> & { reported: boolean };
  // The "what happens" column of DESIGN §3, in the table's fields (docs/domain.md has the same table).
  const DESIGN: Record<SendOutcome, Row> = {
    // credit used; user reminded today
    delivered: { credit: 'used', reminded: 'sent', failure: null, tryNextCredit: false, countsAsTry: true, retry: false, probe: 'alive', stop: null, reported: false },
    // credit invalid; try the user's next credit (at most 3 tries per user per run)
    'dead-credit': { credit: 'invalid', reminded: null, failure: 'credits-dead', tryNextCredit: true, countsAsTry: true, retry: false, probe: 'alive', stop: null, reported: false },
    // credit back to unused; retry with capped backoff inside the run, else leave for the next run; user not marked
    transient: { credit: 'unused', reminded: null, failure: 'transient', tryNextCredit: false, countsAsTry: true, retry: true, probe: 'unknown', stop: null, reported: false },
    // WeChat may have delivered: credit counted used, user counted reminded, never resent (I1 wins)
    ambiguous: { credit: 'used', reminded: 'ambiguous', failure: 'ambiguous', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'unknown', stop: null, reported: false },
    // stop sending on that channel for this run, spend no more credits, report it loudly
    'config-broken': { credit: 'unused', reminded: null, failure: 'channel-stopped', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'alive', stop: { scope: 'run', state: 'broken' }, reported: true },
    // remembered in the database (re-probed at most once a day), no form credit is burnt; fall back
    // to the user's subscribe credits (the channel's fault: not a try)
    'channel-retired': { credit: 'unused', reminded: null, failure: 'channel-stopped', tryNextCredit: true, countsAsTry: false, retry: false, probe: 'retired', stop: { scope: 'until-probed', state: 'retired' }, reported: true },
    // stop the channel for the day; credits kept
    quota: { credit: 'unused', reminded: null, failure: 'channel-stopped', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'alive', stop: { scope: 'day', state: 'quota' }, reported: true },
    // not in DESIGN §3: keep the credit, do not retry it in the run, report the code (PLATFORM §6)
    unknown: { credit: 'unused', reminded: null, failure: 'unknown', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'unknown', stop: null, reported: true },
  };

  it.each(Object.keys(DESIGN) as SendOutcome[])('%s', (outcome) => {
    const { report, ...row } = OUTCOME_POLICY[outcome];
    expect({ ...row, reported: report !== null }).toEqual(DESIGN[outcome]);
  });

  it('has a row for every outcome and no other', () => {
    expect(Object.keys(OUTCOME_POLICY).sort()).toEqual(Object.keys(DESIGN).sort());
  });

  it('only a delivery or a lost answer marks the user reminded or uses the credit', () => {
    const marking = Object.entries(OUTCOME_POLICY).filter(([, p]) => p.reminded !== null || p.credit === 'used').map(([o]) => o);
    expect(marking).toEqual(['delivered', 'ambiguous']);
  });

  it.each(Object.entries(OUTCOME_POLICY).filter(([, p]) => p.report !== null))('%s reports a line naming the channel and the errcode', (_, policy) => {
    const line = policy.report!({ kind: 'subscribe', errcode: 12345, errmsg: 'what WeChat said', date: '2026-08-03' });
    expect(line).toMatch(/subscribe/);
    expect(line).toMatch(/12345/);
  });
});

describe('backoffDelay', () => {
  it.each([[1, 250], [2, 500], [3, 1000], [4, 2000], [5, 4000], [6, 4000], [50, 4000], [2000, 4000], [0, 250], [-3, 250]])(
    'attempt %i waits %i ms',
    (attempt, ms) => {
      expect(backoffDelay(attempt)).toBe(ms);
    },
  );

  it('spreads the delay over its upper half with a random factor', () => {
    expect(backoffDelay(3, 0)).toBe(500);
    expect(backoffDelay(3, 0.5)).toBe(750);
    expect(backoffDelay(3, 1)).toBe(1000);
    expect(backoffDelay(3, 7)).toBe(1000);
  });
});
