import { answerLost, backoffDelay, classifySend, OUTCOME_POLICY, type SendOutcome } from '../../src/domain/sendOutcome';
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

describe('what each outcome does', () => {
  it('delivered: the credit is used and the user is reminded', () => {
    expect(OUTCOME_POLICY.delivered).toMatchObject({ credit: 'used', markReminded: true, tryNextCredit: false, stopChannel: false });
  });

  it('a dead credit is marked invalid and the next credit is tried', () => {
    expect(OUTCOME_POLICY['dead-credit']).toMatchObject({ credit: 'invalid', markReminded: false, tryNextCredit: true, retry: false });
  });

  it('a transient failure loses no credit and is retried with backoff', () => {
    expect(OUTCOME_POLICY.transient).toMatchObject({ credit: 'unused', markReminded: false, retry: true, stopChannel: false });
  });

  it('a broken configuration stops the channel for the run, loudly, spending nothing', () => {
    expect(OUTCOME_POLICY['config-broken']).toMatchObject({ credit: 'unused', tryNextCredit: false, stopChannel: 'run', report: true });
  });

  it('a retired channel burns no form credit and falls back to the user\'s other credits', () => {
    expect(OUTCOME_POLICY['channel-retired']).toMatchObject({ credit: 'unused', tryNextCredit: true, stopChannel: 'run', report: true });
  });

  it('quota stops the channel for the day and keeps the credit', () => {
    expect(OUTCOME_POLICY.quota).toMatchObject({ credit: 'unused', stopChannel: 'day' });
  });

  it('an unknown errcode keeps the credit, is not retried in the run, and is reported', () => {
    expect(OUTCOME_POLICY.unknown).toEqual({ credit: 'unused', markReminded: false, tryNextCredit: false, retry: false, stopChannel: false, report: true });
  });

  it('a lost answer uses the credit and counts the user reminded, without a retry (at most once)', () => {
    expect(OUTCOME_POLICY.ambiguous).toEqual({ credit: 'used', markReminded: true, tryNextCredit: false, retry: false, stopChannel: false, report: true });
  });

  it('only a delivery or a lost answer marks the user reminded or uses the credit', () => {
    const marking = Object.entries(OUTCOME_POLICY).filter(([, p]) => p.markReminded || p.credit === 'used').map(([o]) => o);
    expect(marking).toEqual(['delivered', 'ambiguous']);
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
