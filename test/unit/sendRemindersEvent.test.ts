import { continuationEvent, MAX_CONTINUATIONS, orderEvent, parseSendRemindersEvent, type WorkerOrder } from '../../src/domain/events/sendRemindersEvent';

const now = new Date('2026-08-03T02:00:05.000Z');
const limits = { shardCount: 64, maxBudgetMs: 840_000, maxSkewMs: 300_000 };
const order: WorkerOrder = { runId: 'run_20260803T020000Z_abc123', at: new Date('2026-08-03T02:00:00.000Z'), shards: [8, 15], budgetMs: 39_000, closed: { form: 'retired' } };
const parse = (event: unknown) => parseSendRemindersEvent(event, now, limits);
const sent = () => JSON.parse(JSON.stringify(orderEvent(order))) as { worker: Record<string, unknown> };

describe('sendReminders events', () => {
  it.each([[{ Type: 'Timer', TriggerName: 'hourlyReminders', Time: '2026-08-03T02:00:00Z' }], [{}], [undefined], [null], [{ Type: 'Timer', extra: 1 }]])(
    'the timer event %p (or any event without an order) starts a run',
    (event) => {
      expect(parse(event)).toEqual({ ok: true, value: { kind: 'run', round: 0 } });
    },
  );

  it('a worker order survives its JSON trip unchanged', () => {
    expect(parse(sent())).toEqual({ ok: true, value: { kind: 'worker', order } });
  });

  it('a continuation carries its round', () => {
    expect(parse(continuationEvent(3))).toEqual({ ok: true, value: { kind: 'run', round: 3 } });
  });

  it.each<[string, (e: { worker: Record<string, unknown> }) => unknown, string]>([
    ['an extra field beside the order', (e) => ({ ...e, openid: 'o-x' }), 'openid'],
    ['an extra field in the order', (e) => ({ worker: { ...e.worker, limit: 5 } }), 'worker.limit'],
    ['a missing field', (e) => ({ worker: { ...e.worker, budgetMs: undefined } }), 'worker.budgetMs'],
    ['a run id of another shape', (e) => ({ worker: { ...e.worker, runId: 'x; drop' } }), 'worker.runId'],
    ['an instant that is not ISO UTC', (e) => ({ worker: { ...e.worker, at: '2026-08-03 10:00' } }), 'worker.at'],
    ['a stale instant', (e) => ({ worker: { ...e.worker, at: '2026-08-02T02:00:00.000Z' } }), 'worker.at'],
    ['shards out of range', (e) => ({ worker: { ...e.worker, shards: [60, 64] } }), 'worker.shards'],
    ['shards in the wrong order', (e) => ({ worker: { ...e.worker, shards: [9, 8] } }), 'worker.shards'],
    ['fractional shards', (e) => ({ worker: { ...e.worker, shards: [1.5, 8] } }), 'worker.shards'],
    ['a budget of zero', (e) => ({ worker: { ...e.worker, budgetMs: 0 } }), 'worker.budgetMs'],
    ['a budget past the ceiling', (e) => ({ worker: { ...e.worker, budgetMs: 900_000 } }), 'worker.budgetMs'],
    ['an unknown channel', (e) => ({ worker: { ...e.worker, closed: { sms: 'quota' } } }), 'worker.closed'],
    ['an unknown state', (e) => ({ worker: { ...e.worker, closed: { form: 'tired' } } }), 'worker.closed'],
    ['a list of channels', (e) => ({ worker: { ...e.worker, closed: ['form'] } }), 'worker.closed'],
    ['an order that is not an object', () => ({ worker: 'all' }), 'worker'],
  ])('a worker order with %s is refused, naming the field', (_, change, field) => {
    const result = parse(change(sent()));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.field).toBe(field);
  });

  it.each([[0], [MAX_CONTINUATIONS + 1], ['2'], [1.5]])('a continuation with round %p is refused', (round) => {
    expect(parse({ continueRun: { round } })).toMatchObject({ ok: false, field: 'continueRun.round' });
  });

  it('a continuation with anything else in it is refused', () => {
    expect(parse({ continueRun: { round: 1, shards: [0, 63] } })).toMatchObject({ ok: false, field: 'continueRun.shards' });
    expect(parse({ continueRun: { round: 1 }, Type: 'Timer' })).toMatchObject({ ok: false, field: 'Type' });
  });
});
