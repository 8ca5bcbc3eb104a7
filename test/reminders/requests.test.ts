// Database requests per reminded user, counted by the emulator (DESIGN §5: at most 2.5). At small
// scale, where the fixed costs of a run (count, run log, first pages) weigh most. The figures are
// printed for the benchmark's reader; the send rate printed is this machine's, not a target.
import { manyUsers, startReminderCloud } from './support/cloud';

const USERS = 300;

it.each([
  ['reminds by itself', {}, 1, 1.15],
  ['fans out to 4 workers', { REMINDER_USERS_PER_WORKER: '75' }, 4, 1.3],
  // Held-out users cost their share of the page reads and one update per page, and are not reminded.
  ['holds out 20 %', { REMINDER_HOLDOUT_PERCENT: '20' }, 1, 1.2],
])('a run that %s makes few database requests per reminded user', async (label, env, workers, most) => {
  const cloud = await startReminderCloud({ start: '2026-08-25T02:00:00.000Z', env });
  try {
    cloud.seed(manyUsers(USERS));
    const answer = await cloud.runAnswer();
    const reminded = USERS - answer.heldOut;
    expect(answer).toMatchObject({ sent: reminded, remaining: 0, workers });
    if ('REMINDER_HOLDOUT_PERCENT' in env) expect(answer.heldOut).toBeGreaterThan(0);
    const counts = cloud.emulator.backend.instrument.counts();
    const perUser = cloud.dbRequests() / reminded;
    expect(answer.instances).toHaveLength(workers);
    expect(answer.instances.reduce((n: number, i: { sent: number }) => n + i.sent, 0)).toBe(reminded);
    const rates = answer.instances.map((i: { sent: number; durationMs: number }) => (i.sent / (i.durationMs / 1000)).toFixed(0));
    const rate = `; ${rates.join(', ')} sends/s per instance on this machine, no injected latency`;
    console.log(`${label}: ${cloud.dbRequests()} database requests for ${reminded} reminded users = ${perUser.toFixed(3)} each${rate}; ${JSON.stringify(counts)}`);
    expect(perUser).toBeLessThanOrEqual(most);
  } finally {
    await cloud.close();
  }
}, 120_000);
