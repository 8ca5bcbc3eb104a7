import type { Attempt, OutboxEntry } from 'wx-cloud-emulator/backend';
import type { TimerFiring } from 'wx-cloud-emulator/timers';
import type { Sources } from '../../demo/summary/sources';
import { summarize } from '../../demo/summary/summarize';

// Shanghai is UTC+8: 2024-06-03 runs from 2024-06-02T16:00Z to 2024-06-03T16:00Z.
const D1 = '2024-06-03';
const D2 = '2024-06-04';
const at = (iso: string) => new Date(iso);

const message = (touser: string, when: string): OutboxEntry => ({ at: at(when), api: 'subscribeMessage.send', touser, templateId: 'T', page: 'p', data: {} });
const attempt = (errcode: number, when: string, fault?: string): Attempt => ({ at: at(when), api: 'subscribeMessage.send', touser: 'u', templateId: 'T', errcode, errmsg: '', ...(fault ? { fault } : {}) });
const firing = (functionName: string, when: string, result: unknown, ok = true): TimerFiring => ({
  functionName,
  triggerName: 't',
  scheduledAt: at(when),
  startedAt: at(when),
  ok,
  timedOut: false,
  durationMs: 1,
  result,
  instanceId: 'i',
});
const none: Sources = { firings: [], outbox: [], attempts: [], checkins: [], credits: [], runLog: [], dailyStats: [], claims: new Map(), heldOut: [], collections: [] };
const day = (sources: Partial<Sources>, date = D1) => summarize({ ...none, ...sources }, [D1, D2]).days.find((d) => d.date === date)!;

describe('the per-day summary of a simulated week', () => {
  it('dates everything by its Shanghai date, not its UTC date', () => {
    const s = summarize({ ...none, outbox: [message('a', '2024-06-02T16:00:00Z'), message('b', '2024-06-03T15:59:59Z'), message('c', '2024-06-03T16:00:00Z')] }, [D1, D2]);
    expect(s.days.map((d) => d.reminded)).toEqual([2, 1]);
    expect(s.total.reminded).toBe(3);
  });

  it('ignores what happened outside the simulated days', () => {
    expect(summarize({ ...none, outbox: [message('a', '2024-06-02T15:59:59Z')] }, [D1, D2]).total.reminded).toBe(0);
  });

  it('counts a user due once per day however many runs took them on, and adds up the run log', () => {
    const run = (runId: string, date: string, due: number, sent: number, failedBy: Record<string, number> = {}) => ({ runId, state: 'done', date, due, sent, heldOut: 0, failedBy });
    const s = summarize(
      {
        ...none,
        runLog: [run('r1', D1, 2, 1, { transient: 1 }), run('r2', D1, 2, 2), run('r3', D2, 1, 0, { 'credits-dead': 1 })],
        claims: new Map([
          ['r1', ['a', 'b']],
          ['r2', ['b', 'c']],
          ['r3', ['a']],
        ]),
      },
      [D1, D2],
    );
    expect(s.days[0]).toMatchObject({ due: 3, dueInRuns: 4, sentInRuns: 3, notReminded: { transient: 1 } });
    expect(s.days[1]).toMatchObject({ due: 1, dueInRuns: 1, sentInRuns: 0, notReminded: { 'credits-dead': 1 } });
  });

  it('counts timer runs that failed or answered an error', () => {
    const d = day({
      firings: [
        firing('sendReminders', '2024-06-03T02:00:00Z', { ok: true, due: 5, sent: 4 }),
        firing('sendReminders', '2024-06-03T04:00:00Z', { ok: false, code: 'UNAVAILABLE', message: 'x' }),
        firing('sendReminders', '2024-06-03T05:00:00Z', null, false),
        firing('expireFormIds', '2024-06-03T05:00:00Z', { ok: true, expired: 3 }),
      ],
    });
    expect(d).toMatchObject({ timerRuns: 4, failedTimerRuns: 2 });
  });

  it('counts refused send attempts by errcode and notes which were injected', () => {
    const d = day({ attempts: [attempt(0, '2024-06-03T02:00:00Z'), attempt(-1, '2024-06-03T02:00:00Z', 'error'), attempt(45103, '2024-06-03T02:00:00Z'), attempt(45103, '2024-06-03T03:00:00Z')] });
    expect(d.failed).toEqual({ '-1': 1, '45103': 2 });
    expect(d.injected).toBe(1);
  });

  it.each<[string, string, boolean]>([
    ['one minute after the reminder', '2024-06-03T02:01:00Z', true],
    ['exactly two hours after', '2024-06-03T04:00:00Z', true],
    ['just over two hours after', '2024-06-03T04:00:00.001Z', false],
    ['before the reminder', '2024-06-03T01:59:00Z', false],
  ])('counts a check-in %s as following the reminder: %s', (_, checkInAt, counted) => {
    const d = day({ outbox: [message('u', '2024-06-03T02:00:00Z')], checkins: [{ openid: 'u', date: D1, at: at(checkInAt) }] });
    expect(d.checkedIn).toBe(1);
    expect(d.checkedInAfterReminder).toBe(counted ? 1 : 0);
  });

  it("does not credit a reminder for another user's check-in", () => {
    const d = day({ outbox: [message('u', '2024-06-03T02:00:00Z')], checkins: [{ openid: 'v', date: D1, at: at('2024-06-03T02:30:00Z') }] });
    expect(d.checkedInAfterReminder).toBe(0);
  });

  it('counts credits marked expired on the Shanghai date of their expiry, and no others', () => {
    const s = summarize(
      {
        ...none,
        credits: [
          { kind: 'form', status: 'expired', expireAt: at('2024-06-03T15:00:00Z') },
          { kind: 'form', status: 'expired', expireAt: at('2024-06-03T17:00:00Z') },
          { kind: 'form', status: 'unused', expireAt: at('2024-06-03T15:00:00Z') },
          { kind: 'form', status: 'used', expireAt: at('2024-06-03T15:00:00Z') },
        ],
      },
      [D1, D2],
    );
    expect(s.days.map((d) => d.creditsExpired)).toEqual([1, 1]);
  });

  it('lists the errcodes seen in numeric order and totals every column', () => {
    const s = summarize({ ...none, attempts: [attempt(45103, '2024-06-03T02:00:00Z'), attempt(-1, '2024-06-04T02:00:00Z'), attempt(43101, '2024-06-04T03:00:00Z')] }, [D1, D2]);
    expect(s.reasons).toEqual(['-1', '43101', '45103']);
    expect(s.total.failed).toEqual({ '-1': 1, '43101': 1, '45103': 1 });
  });
});
