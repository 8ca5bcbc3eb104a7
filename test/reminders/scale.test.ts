// I3/I4 at scale: 5,000 users, all due, each reminded exactly once across as many runs as it
// takes. The budget is cut to a few seconds so that runs stop with users remaining, continue
// themselves and overlap with the next firing — the paths a 100k day takes at full size.
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

const USERS = 5000;
let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-08-20T02:00:00.000Z', env: { REMINDER_RUN_BUDGET_MS: '4000' } });
});
afterAll(() => cloud.close());

it('reminds 5,000 due users exactly once each, within 2.5 database requests per reminded user', async () => {
  cloud.seed(manyUsers(USERS));
  const answers = [];
  for (let firing = 0; firing < 40 && cloud.find('users', { lastRemindedDate: cloud.today() }).length < USERS; firing++) {
    answers.push(await cloud.runAnswer());
    await cloud.settle();
    cloud.at(new Date(cloud.now().getTime() + 60_000));
  }
  const outbox = cloud.outbox();
  expect(outbox).toHaveLength(USERS);
  expect(new Set(outbox.map((m) => m.touser)).size).toBe(USERS);
  expect(cloud.find('credits', { status: 'used' })).toHaveLength(USERS);
  expect(answers.some((a) => a.remaining > 0)).toBe(true); // the budget really cut runs short
  expect(answers[0].workers).toBeGreaterThan(1); // and the first run fanned out
  const perUser = cloud.dbRequests() / USERS;
  console.log(`5,000 users: ${answers.length} firings, ${cloud.dbRequests()} database requests = ${perUser.toFixed(3)} per reminded user`);
  expect(perUser).toBeLessThan(2.5);
}, 300_000);
