// I3/I4 at scale: 5,000 users, all due, each reminded exactly once across as many runs as it
// takes (one fanned-out run on a quiet machine; a busy one may need its continuation or the next
// firing), within DESIGN §5's 2.5 database requests per reminded user.
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

const USERS = 5000;
let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-08-20T02:00:00.000Z' });
});
afterAll(() => cloud.close());

it('reminds 5,000 due users exactly once each, within 2.5 database requests per reminded user', async () => {
  cloud.seed(manyUsers(USERS));
  const answers = [];
  for (let firing = 0; firing < 10 && cloud.find('users', { lastRemindedDate: cloud.today() }).length < USERS; firing++) {
    answers.push(await cloud.runAnswer());
    await cloud.settle();
    cloud.at(new Date(cloud.now().getTime() + 3600_000));
  }
  const outbox = cloud.outbox();
  expect(outbox).toHaveLength(USERS);
  expect(new Set(outbox.map((m) => m.touser)).size).toBe(USERS);
  expect(cloud.find('credits', { status: 'used' })).toHaveLength(USERS);
  expect(answers[0].workers).toBe(4); // 5,000 candidates / 1,500 per instance
  const perUser = cloud.dbRequests() / USERS;
  console.log(`5,000 users: ${answers.length} firing(s), ${cloud.find('reminderRuns').length} run(s), ${cloud.dbRequests()} database requests = ${perUser.toFixed(3)} per reminded user`);
  expect(perUser).toBeLessThan(2.5);
}, 300_000);
