import type { OutboxEntry } from 'wx-cloud-emulator/backend';
import type { TimerFiring } from 'wx-cloud-emulator/timers';
import { crossChecks } from '../../demo/summary/checks';
import type { Sources } from '../../demo/summary/sources';
import { summarize } from '../../demo/summary/summarize';
import { NO_DAILY_COUNTS } from '../../src/store/dailyStats';

const D = '2024-06-03';
const AT = new Date('2024-06-03T02:00:00Z');
const message: OutboxEntry = { at: AT, api: 'subscribeMessage.send', touser: 'u', templateId: 'T', page: 'p', data: {} };
const expireRun = (expired: number): TimerFiring => ({ functionName: 'expireFormIds', triggerName: 't', scheduledAt: AT, startedAt: AT, ok: true, timedOut: false, durationMs: 1, result: { ok: true, expired }, instanceId: 'i' });

/** A day on which every source agrees: one user taken on by one run and reminded, one held out, one credit expired. */
const agreeing: Sources = {
  firings: [expireRun(1)],
  outbox: [message],
  attempts: [{ at: AT, api: 'subscribeMessage.send', touser: 'u', templateId: 'T', errcode: 0, errmsg: 'ok' }],
  checkins: [],
  credits: [{ kind: 'form', status: 'expired', expireAt: AT }],
  runLog: [{ runId: 'r1', state: 'done', date: D, due: 1, sent: 1, heldOut: 1, failedBy: {} }],
  dailyStats: [{ ...NO_DAILY_COUNTS, date: D, reminded: 1, delivered: 1, heldOut: 1 }],
  claims: new Map([['r1', ['u']]]),
  heldOut: [{ openid: 'h', runId: 'r1', date: D, at: AT }],
  collections: [],
};

const failing = (sources: Sources) =>
  crossChecks(sources, summarize(sources, [D]))
    .filter((c) => !c.ok)
    .map((c) => c.label);

describe('the cross-checks between sources', () => {
  it('all pass when every source tells the same story', () => {
    expect(failing(agreeing)).toEqual([]);
  });

  it.each<[string, Partial<Sources>, string]>([
    ['the run log sent more than the outbox holds', { runLog: [{ runId: 'r1', state: 'done', date: D, due: 1, sent: 2, heldOut: 1, failedBy: {} }] }, 'reminded (outbox) = sent (run log)'],
    ['a message has no accepted attempt', { attempts: [] }, 'every outbox message is an accepted send attempt'],
    ['a run claimed another number of users than its due', { claims: new Map([['r1', ['u', 'v']]]) }, "users holding each run's claim = that run's due (run log)"],
    ['dailyStats counts another number of deliveries', { dailyStats: [{ ...NO_DAILY_COUNTS, date: D, reminded: 1, heldOut: 1 }] }, 'delivered per day (dailyStats) = outbox per day'],
    ['a run held out another number of users than its log says', { heldOut: [] }, "users marked held out by each run = that run's heldOut (run log)"],
    ['a held-out user got a message that day', { heldOut: [{ openid: 'u', runId: 'r1', date: D, at: AT }] }, 'no held-out user was reminded that day (outbox)'],
    ['dailyStats counts another number of held-out users', { dailyStats: [{ ...NO_DAILY_COUNTS, date: D, reminded: 1, delivered: 1 }] }, 'held out per day (dailyStats) = user-days marked held out'],
    ['expireFormIds answered more than the credits show', { firings: [expireRun(2)] }, 'expired (expireFormIds answers) = credits marked expired'],
    ['a run never finished', { runLog: [{ runId: 'r1', state: 'running', date: D, due: 1, sent: 1, heldOut: 1, failedBy: {} }] }, 'every reminder run finished'],
    ['a timer run answered an error', { firings: [{ ...expireRun(1), result: { ok: false, code: 'INTERNAL', message: 'x' } }] }, 'timer runs answered ok'],
  ])('fails when %s', (_, change, label) => {
    expect(failing({ ...agreeing, ...change })).toContain(label);
  });
});
