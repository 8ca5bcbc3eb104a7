// The run log (one reminderRuns document per run), the day's reminder → check-in figures, and a
// run that stops at its budget and continues itself.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SHARDS } from '../../src/store/users';
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

describe('with the default budget', () => {
  let cloud: ReminderCloud;
  beforeAll(async () => {
    cloud = await startReminderCloud({ start: '2026-08-24T02:00:00.000Z' });
  });
  afterAll(() => cloud.close());

  it('writes one run log document per run with its figures', async () => {
    const today = cloud.freshDay(10);
    cloud.seed([...manyUsers(3, 'o-ok'), { openid: 'o-none', user: { nextRemindDate: today } }, { openid: 'o-later', subscribe: 1, user: { hour: 18 } }]);
    cloud.emulator.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', errcode: 43101 });
    const answer = await cloud.runAnswer();
    const runs = cloud.find('reminderRuns');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      _id: answer.runId,
      state: 'done',
      date: today,
      hour: 10,
      trigger: { Type: 'Timer', TriggerName: 'reminders' },
      due: 3,
      sent: 2,
      failed: 1,
      failedBy: { 'credits-dead': 1 },
      skipped: 2,
      skippedBy: { 'no-credit': 1, 'too-early': 1 },
      remaining: 0,
      durationMs: answer.durationMs,
      channels: { subscribe: { state: 'open' }, form: { state: 'disabled' } },
    });
    expect(runs[0]!.finishedAt).toBeInstanceOf(Date);
  });

  it('gives a worker that started after its run\'s budget ran out nothing to do: it answers what remains', async () => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(3, 'o-late'));
    const at = cloud.now().toISOString();
    cloud.at(new Date(cloud.now().getTime() + 45_000)); // the default budget is 40 s
    const order = { runId: 'run_late_worker', at, shards: [0, SHARDS - 1], budgetMs: 40_000, closed: {} };
    const r = await cloud.emulator.host.invoke('sendReminders', { worker: order }, { source: 'wx_trigger,scf' });
    expect(r.result).toMatchObject({ ok: true, due: 0, sent: 0, remaining: 3 });
    expect(cloud.outbox()).toEqual([]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 3 });
  });

  it('logs a run that found nobody, without creating the day\'s figures', async () => {
    cloud.freshDay(10);
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ candidates: 0, due: 0 });
    expect(cloud.find('reminderRuns')).toEqual([expect.objectContaining({ _id: answer.runId, state: 'done', candidates: 0 })]);
    expect(cloud.find('dailyStats')).toEqual([]);
  });

  it('counts a check-in after a reminder for the day\'s conversion, and not one without', async () => {
    const today = cloud.freshDay(10);
    cloud.seed([...manyUsers(2, 'o-rem'), { openid: 'o-self', subscribe: 1, user: { hour: 20 } }]);
    await cloud.runAnswer();
    const answer = (openid: string) => cloud.call('checkIn', { action: 'answer', questionId: questionOfDay(today, QUESTION_BANK).id, choice: 0 }, openid);
    await answer('o-rem-00000');
    await answer('o-rem-00000'); // a second answer is not a second check-in
    await answer('o-self');
    expect(cloud.find('dailyStats')).toEqual([expect.objectContaining({ _id: today, reminded: 2, delivered: 2, checkedInAfterReminder: 1 })]);
  });
});

it('stops at its budget with users remaining and continues by itself until every user is reminded once', async () => {
  const cloud = await startReminderCloud({ start: '2026-08-24T02:00:00.000Z', env: { REMINDER_RUN_BUDGET_MS: '1000' } });
  try {
    cloud.seed(manyUsers(150));
    // The targets' latencies: 150 users over 20 lanes need ≥ 8 × 170 ms, more than the 1 s budget.
    cloud.emulator.backend.instrument.setLatency('database.*', 20);
    cloud.emulator.backend.instrument.setLatency('wx.openApi:*', 150);
    const first = await cloud.runAnswer();
    expect(first).toMatchObject({ round: 0, continued: true });
    expect(first.remaining).toBeGreaterThan(0);
    await cloud.settle();
    expect(cloud.outbox()).toHaveLength(150);
    expect(new Set(cloud.outbox().map((m) => m.touser)).size).toBe(150);
    const rounds = cloud.find('reminderRuns').map((r) => r.round as number).sort((a, b) => a - b);
    expect(rounds[0]).toBe(0);
    expect(rounds.length).toBeGreaterThan(1);
    expect(rounds).toEqual(rounds.map((_, i) => i));
  } finally {
    await cloud.close();
  }
}, 60_000);

it('waits for a worker only its budget + 10 s, takes it as 1 user remaining without counting, and the chain finishes the day', async () => {
  const cloud = await startReminderCloud({ start: '2026-08-24T02:00:00.000Z', env: { REMINDER_RUN_BUDGET_MS: '1000', REMINDER_USERS_PER_WORKER: '5' } });
  try {
    cloud.seed(manyUsers(10));
    // Each worker call reaches its instance only after 12 s: the run stops waiting at ~11 s.
    cloud.emulator.backend.instrument.setLatency('functions.invokeFunction', 12_000);
    const first = await cloud.runAnswer();
    cloud.emulator.backend.instrument.setLatency('functions.invokeFunction', 0);
    expect(first).toMatchObject({ workers: 2, due: 0, remaining: 2, continued: true });
    expect(first.problems.filter((p: string) => /the worker for shards .* failed: .*timed? ?out/i.test(p))).toHaveLength(2);
    expect(first.durationMs).toBeLessThan(15_000);
    await cloud.settle();
    expect(cloud.outbox()).toHaveLength(10);
    expect(new Set(cloud.outbox().map((m) => m.touser)).size).toBe(10);
  } finally {
    await cloud.close();
  }
}, 90_000);
