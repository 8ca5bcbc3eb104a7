// Random interleavings over several simulated days: users save credits, check in and change their
// settings, under injected database faults too (a failed call is retried by the app, as the
// service layer does); runs happen — some in parallel, some killed mid-way, each with a random time
// limit, each day with a random budget — under injected database and open-API faults; worker
// orders arrive twice; expireFormIds runs; clients, foreign SOURCEs and junk events knock.
// After every step I1, I2, I3, I5, I6, I7 hold; after each day's closing run, I4.
// REMINDERS_PROPERTY_RUNS=200 npx jest test/reminders/property.test.ts  soaks it (default 6 runs);
// REMINDERS_PROPERTY_SEED=<seed> REMINDERS_PROPERTY_PATH=<path> replays a failure fast-check printed.
import fc from 'fast-check';
import type { FaultRule } from 'wx-cloud-emulator/backend';
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SHARDS } from '../../src/store/users';
import { startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud } from './support/cloud';
import { checkedIn, heldOutNotReminded, i1, i2, i3, i4, i6, i7, spentCredits } from './support/invariants';

const USERS = ['o-p0', 'o-p1', 'o-p2', 'o-p3', 'o-p4'];
const RUNS = Number(process.env.REMINDERS_PROPERTY_RUNS ?? 6);

const user = fc.constantFrom(...USERS);
const apiFault: fc.Arbitrary<FaultRule> = fc.record({
  action: fc.constantFrom('wx.openApi:subscribeMessage.send', 'wx.openApi:templateMessage.send'),
  nth: fc.integer({ min: 1, max: 2 }),
  times: fc.integer({ min: 1, max: 3 }),
  fault: fc.oneof(
    fc.constantFrom(-1, 45011, 43101, 41028, 47003, 41030, 45009, 61234).map((errcode) => ({ errcode })),
    fc.constant({ kind: 'http500' as const }),
    fc.constantFrom('before' as const, 'after' as const).map((when) => ({ kind: 'drop' as const, when })),
  ),
}).map(({ fault, ...rule }) => ({ ...rule, ...fault }));
const dbFault: fc.Arbitrary<FaultRule> = fc.record({
  action: fc.constantFrom('database.modifyDocument', 'database.getDocument', 'database.insertDocument', 'database.calculateDocument'),
  nth: fc.integer({ min: 1, max: 12 }),
  kind: fc.constantFrom('error' as const, 'drop' as const),
  when: fc.constantFrom('before' as const, 'after' as const),
});
// Time limits around the edges: the console's default, just too short, just enough, the deploy guide's.
const timeLimit = fc.constantFrom(3000, 19_999, 20_000, 25_000, 60_000);
const run = fc.record({
  kind: fc.constant('run' as const),
  parallel: fc.boolean(),
  timeLimitMs: timeLimit,
  crash: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ killAfterMs: fc.integer({ min: 0, max: 60 }) }) }),
  api: fc.array(apiFault, { maxLength: 2 }),
  db: fc.array(dbFault, { maxLength: 2 }),
  retired: fc.boolean(),
});
// The same worker order delivered twice at once (a platform retry, a duplicated call).
const twice = fc.record({ kind: fc.constant('twice' as const), from: fc.integer({ min: 0, max: SHARDS - 1 }), width: fc.integer({ min: 0, max: SHARDS - 1 }), budgetMs: fc.integer({ min: 1000, max: 30_000 }) });
// Every SOURCE but the timer's own chain, with or without a user.
const FOREIGN = ['wx_client', 'wx_devtools', 'wx_http', 'wx_unknown', 'wx_crawler', 'wx_paycallback', 'wx_localdebug', 'scf', 'wx_crawler,scf', 'wx_trigger,wx_http', '', null] as const;
const foreign = fc.record({ kind: fc.constant('foreign' as const), target: fc.constantFrom('sendReminders', 'expireFormIds'), source: fc.constantFrom(...FOREIGN), user: fc.option(user, { nil: null }), order: fc.boolean() });
// A database fault during a user's call: the function answers UNAVAILABLE, and the app calls again.
const userFault = fc.option(fc.record({
  action: fc.constantFrom('database.modifyDocument', 'database.getDocument', 'database.insertDocument'),
  nth: fc.integer({ min: 1, max: 4 }),
  kind: fc.constantFrom('error' as const, 'drop' as const),
  when: fc.constantFrom('before' as const, 'after' as const),
}), { nil: null });
const defined = fc.jsonValue();
const isRound = (v: unknown) => typeof v === 'object' && v !== null && Object.keys(v).length === 1 && Number.isInteger((v as { round?: unknown }).round) && (v as { round: number }).round >= 1 && (v as { round: number }).round <= 8;
const step = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('save' as const), user, form: fc.boolean(), fault: userFault }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('checkIn' as const), user, fault: userFault }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settings' as const), user, enabled: fc.boolean(), hour: fc.constantFrom(null, 8, 12, 19, 21) }) },
  { weight: 4, arbitrary: run },
  { weight: 1, arbitrary: twice },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
  { weight: 1, arbitrary: foreign },
  // Present in the event as it travels (JSON drops undefined), and never a valid order.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), event: fc.oneof(fc.record({ worker: defined }), fc.record({ continueRun: defined }).filter((e) => !isRound(e.continueRun))) }) },
);
// What each user holds when the days begin.
const holdings = fc.array(fc.record({ subscribe: fc.integer({ min: 0, max: 3 }), forms: fc.integer({ min: 0, max: 2 }) }), { minLength: USERS.length, maxLength: USERS.length });
// The run budget this case's days are deployed with (REMINDER_RUN_BUDGET_MS), from tiny to the largest accepted.
const budget = fc.constantFrom(1000, 5000, 40_000, 840_000);
// REMINDER_HOLDOUT_PERCENT: most cases without a holdout, some holding out a large share.
const holdout = fc.constantFrom(0, 0, 40);
// Each step happens some minutes after the previous one.
const day = fc.array(fc.tuple(step, fc.integer({ min: 1, max: 70 })), { minLength: 3, maxLength: 9 });
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
type Run = typeof run extends fc.Arbitrary<infer R> ? R : never;

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-11-01T00:00:00.000Z', legacyForms: true, env: { REMINDER_USERS_PER_WORKER: '3' } });
});
// Sends take a while, as WeChat's do: crashes and overlapping runs land mid-send.
const SEND_LATENCY_MS = 15;
afterAll(() => cloud.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fingerprint = () => JSON.stringify(['users', 'credits', 'checkins', 'reminderRuns', 'dailyStats', 'reminderState'].map((c) => cloud.find(c)));
const cleanTransient = (r: Run) => !r.crash && !r.retired && r.db.length === 0 && r.api.every((f) => (f.errcode === -1 || f.errcode === 45011 || f.kind === 'http500'));

async function runStep(r: Run): Promise<string[]> {
  const { backend } = cloud.emulator;
  if (r.retired) backend.wechat.setTemplateMessageMode('retired');
  for (const f of [...r.api, ...r.db]) backend.instrument.injectFault(f);
  const before = { checkedIn: checkedIn(cloud), spent: spentCredits(cloud), sent: cloud.outbox().length };
  const one = async () => {
    const going = cloud.run({ timeoutMs: r.timeLimitMs });
    if (!r.crash) return going;
    // Counted from the run's first send (or from a second in, if it sends nothing): mid-send is where crashes hurt.
    const sent = cloud.emulator.backend.wechat.attempts().length;
    for (let waited = 0; waited < 1000 && cloud.emulator.backend.wechat.attempts().length === sent; waited += 2) await sleep(2);
    await sleep(r.crash.killAfterMs);
    const busy = cloud.emulator.host.instances().filter((i) => i.name === 'sendReminders' && i.busy);
    if (busy.length > 0) cloud.emulator.host.killInstance(busy[busy.length - 1]!.id);
    return going;
  };
  await Promise.all(r.parallel ? [one(), cloud.run()] : [one()]);
  await cloud.settle();
  backend.instrument.clearFaults();
  backend.wechat.setTemplateMessageMode('legacy');
  const fresh = cloud.outbox().slice(before.sent);
  return [...i2(before.checkedIn, fresh), ...(cleanTransient(r) && !r.parallel ? i6(before.spent, spentCredits(cloud), fresh) : [])];
}

/**
 * A user's call, perhaps under a database fault: it answers ok, or UNAVAILABLE (a retry may cure it),
 * and then the app calls again with the same event, as the service layer and the credit queue do.
 */
async function userCall(name: 'saveFormId' | 'checkIn', event: unknown, openid: string, fault: FaultRule | null): Promise<string[]> {
  if (fault) cloud.emulator.backend.instrument.injectFault(fault);
  const first = await cloud.call(name, event, openid);
  cloud.emulator.backend.instrument.clearFaults();
  if (first.ok) return [];
  if (first.code !== 'UNAVAILABLE') return [`I6: ${name} under ${JSON.stringify(fault)} answered ${JSON.stringify(first)}`];
  const again = await cloud.call(name, event, openid);
  return again.ok ? [] : [`I6: ${name} retried after UNAVAILABLE answered ${JSON.stringify(again)}`];
}

/** Refused before anything is read or written: a caller that is not the timer, or an event that is not an order. */
async function refused(answer: Promise<{ ok?: boolean; code?: string } | null>, expected: string, what: string): Promise<string[]> {
  const before = fingerprint();
  const got = await answer;
  return [...(got?.code === expected ? [] : [`I5/I6: ${what} answered ${JSON.stringify(got)}`]), ...(fingerprint() === before ? [] : [`I5/I6: ${what} wrote`])];
}

async function apply(s: Step): Promise<string[]> {
  const { wechat } = cloud.emulator.backend;
  switch (s.kind) {
    case 'save':
      if (s.form) return userCall('saveFormId', { formId: wechat.issueFormId(s.user) }, s.user, s.fault);
      wechat.grantSubscribe(s.user, SUBSCRIBE_TEMPLATE);
      return userCall('saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, s.user, s.fault);
    case 'checkIn':
      return userCall('checkIn', { action: 'answer', questionId: questionOfDay(cloud.today(), QUESTION_BANK).id, choice: 0 }, s.user, s.fault);
    case 'settings':
      await cloud.call('reminderSettings', { action: 'set', enabled: s.enabled, hour: s.hour }, s.user);
      return [];
    case 'run':
      return runStep(s);
    case 'twice': {
      const before = { checkedIn: checkedIn(cloud), sent: cloud.outbox().length };
      const order = { worker: { runId: 'run_twice_property', at: cloud.now().toISOString(), shards: [s.from, Math.min(SHARDS - 1, s.from + s.width)], budgetMs: s.budgetMs, closed: {} } };
      await Promise.all([0, 1].map(() => cloud.emulator.host.invoke('sendReminders', order, { source: 'wx_trigger,scf' })));
      await cloud.settle();
      return i2(before.checkedIn, cloud.outbox().slice(before.sent));
    }
    case 'expire':
      await cloud.timer('expireFormIds');
      return [];
    case 'foreign': {
      const event = s.order ? { worker: { runId: 'run_foreign_order', at: cloud.now().toISOString(), shards: [0, SHARDS - 1], budgetMs: 20_000, closed: {} } } : { Type: 'Timer', TriggerName: 'x', Time: cloud.now().toISOString() };
      const invoked = cloud.emulator.host.invoke(s.target, event, { source: s.source, ...(s.user ? { openid: s.user } : {}) }).then((r) => r.result as { code?: string });
      return refused(invoked, 'PERMISSION_DENIED', `${s.target} from ${JSON.stringify(s.source)}${s.user ? ` for ${s.user}` : ''}`);
    }
    case 'junk':
      return refused(cloud.timer('sendReminders', s.event), 'INVALID_ARGUMENT', 'junk');
  }
}

it('keeps I1-I7 through random days of saves, check-ins, settings, runs, crashes, faults, limits, a holdout and foreign callers', async () => {
  let steps = 0;
  const { host } = cloud.emulator;
  const deployed = host.configuration('sendReminders');
  await fc.assert(
    fc.asyncProperty(holdings, budget, holdout, timeLimit.filter((t) => t >= 20_000), fc.array(day, { minLength: 2, maxLength: 3 }), async (initial, budgetMs, percent, timeoutMs, days) => {
      host.configure('sendReminders', { timeoutMs, env: { ...deployed.env, REMINDER_RUN_BUDGET_MS: String(budgetMs), REMINDER_HOLDOUT_PERCENT: String(percent) } });
      cloud.freshDay(8);
      cloud.emulator.backend.instrument.setLatency('wx.openApi:*', SEND_LATENCY_MS);
      cloud.seed(initial.map((h, i) => ({ openid: USERS[i]!, ...h })));
      for (const steps_ of days) {
        const today = cloud.today();
        for (const [s, minutes] of steps_) {
          cloud.at(new Date(Math.min(cloud.now().getTime() + minutes * 60_000, cloud.now().getTime() + 13 * 3600_000)));
          if (cloud.today() !== today) break;
          const problems = [...(await apply(s)), ...i1(cloud), ...i3(cloud), ...i7(cloud), ...heldOutNotReminded(cloud)];
          steps += 1;
          expect({ step: s, problems }).toEqual({ step: s, problems: [] });
        }
        // The day's closing run: no faults, after every claim expired, inside the window.
        cloud.atHour(21, 30);
        cloud.pastClaims();
        await cloud.runAnswer();
        await cloud.settle();
        const quota = cloud.find('reminderState', { date: today }).length > 0;
        // A channel the runs learnt WeChat retired stays closed until tomorrow's probe.
        const retired = cloud.find('reminderState', { _id: 'retired:form' }).length > 0;
        const problems = [...i1(cloud), ...i3(cloud), ...i7(cloud), ...(quota ? [] : i4(cloud, today, SUBSCRIBE_TEMPLATE, { formRetired: retired }))];
        expect({ closing: today, problems }).toEqual({ closing: today, problems: [] });
        cloud.at(new Date(cloud.now().getTime() + 10.5 * 3600_000)); // 08:00-ish the next day
      }
    }),
    {
      numRuns: RUNS,
      // Shrinking replays whole days: past this, report the failure as found rather than time out.
      interruptAfterTimeLimit: Number(process.env.REMINDERS_PROPERTY_TIME_LIMIT_MS ?? 400_000),
      markInterruptAsFailure: true,
      ...(process.env.REMINDERS_PROPERTY_SEED ? { seed: Number(process.env.REMINDERS_PROPERTY_SEED), path: process.env.REMINDERS_PROPERTY_PATH, endOnFailure: true } : {}),
    },
  );
  expect(steps).toBeGreaterThan(RUNS * 5);
}, 600_000);
