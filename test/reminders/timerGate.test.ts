// Timer functions run for their timer only (DESIGN §2, I5): an allow-list — SOURCE `wx_trigger`, or
// that chain continued through the function's own callFunction (`wx_trigger,scf…`), with no user
// identity. Every other caller is refused before any configuration is read, and nothing is read,
// written or sent.
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-09-07T02:00:00.000Z' });
});
afterAll(() => cloud.close());

const TIMER_EVENT = { Type: 'Timer', TriggerName: 'reminders', Time: '2026-09-07T02:00:00Z' };
const order = () => ({ worker: { runId: 'run_forged_000001', at: cloud.now().toISOString(), shards: [0, 63], budgetMs: 20_000, closed: {} } });

// Every SOURCE WeChat documents other than the timer's, chains that do not start with the timer,
// and look-alikes; null: no SOURCE at all (a call that did not come through WeChat).
const FOREIGN: Array<string | null> = [
  'wx_client', 'wx_devtools', 'wx_http', 'wx_unknown', 'wx_crawler', 'wx_paycallback', 'wx_localdebug',
  'scf', 'wx_client,scf', 'wx_crawler,scf', 'wx_paycallback,scf', 'wx_http,scf', 'scf,wx_trigger', 'wx_client,wx_trigger',
  'wx_trigger,wx_client', 'wx_trigger,scf,wx_http', 'wx_trigger_x', 'WX_TRIGGER', ' wx_trigger', 'wx_trigger,', 'tcb_console', '', null,
];

/** Invokes `name` as `source` and checks it was refused without a single request to the backend. */
async function refused(name: string, event: unknown, source: string | null, openid?: string): Promise<void> {
  cloud.emulator.backend.instrument.resetCounts();
  const before = JSON.stringify(['users', 'credits', 'reminderRuns'].map((c) => cloud.find(c)));
  const r = await cloud.emulator.host.invoke(name, event, { source, ...(openid ? { openid } : {}) });
  expect(r.result).toEqual({ ok: false, code: 'PERMISSION_DENIED', message: expect.any(String) });
  expect(cloud.emulator.backend.instrument.counts()).toEqual({});
  expect(JSON.stringify(['users', 'credits', 'reminderRuns'].map((c) => cloud.find(c)))).toBe(before);
}

describe.each(['sendReminders', 'expireFormIds'])('%s', (name) => {
  beforeAll(() => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(3));
  });

  it.each(FOREIGN.map((s) => [JSON.stringify(s), s]))('refuses SOURCE %s and reads, writes and sends nothing', async (_label, source) => {
    await refused(name, TIMER_EVENT, source);
    await refused(name, order(), source);
  });

  it.each(['wx_trigger', 'wx_trigger,scf'])('refuses SOURCE %s when the call carries a user', async (source) => {
    await refused(name, TIMER_EVENT, source, 'o-user-00000');
  });

  it('refuses a foreign caller before it reads a configuration, even a broken one', async () => {
    const { host } = cloud.emulator;
    const { env } = host.configuration(name);
    host.configure(name, { env: { ...env, REMINDER_WINDOW: 'all day', REMINDER_RUN_BUDGET_MS: 'soon' } });
    try {
      await refused(name, TIMER_EVENT, 'wx_crawler');
      // The timer itself gets the configuration's failure (the detail is in the log).
      const r = await host.invoke(name, TIMER_EVENT, { source: 'wx_trigger' });
      expect(r.result).toEqual({ ok: false, code: 'INTERNAL', message: 'internal error' });
    } finally {
      host.configure(name, { env });
    }
  });

  it.each(['wx_trigger', 'wx_trigger,scf', 'wx_trigger,scf,scf'])('runs for SOURCE %s', async (source) => {
    const r = await cloud.emulator.host.invoke(name, TIMER_EVENT, { source });
    expect(r.result).toMatchObject({ ok: true });
  });
});

it('no foreign caller reminds anyone: users stay due and the outbox empty', async () => {
  cloud.freshDay(10);
  cloud.seed(manyUsers(3));
  for (const source of FOREIGN) await cloud.emulator.host.invoke('sendReminders', TIMER_EVENT, { source });
  expect(cloud.outbox()).toEqual([]);
  expect(cloud.find('users').map((u) => u.remind)).toEqual([null, null, null]);
  expect(await cloud.runAnswer()).toMatchObject({ sent: 3 });
});
