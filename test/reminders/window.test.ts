// The send window holds for every send, not only when a run starts (DESIGN §2: `8-21` means a send
// may start at 08:00-21:59): a run or a worker still working at 22:00 sends nothing after it.
import { SHARDS } from '../../src/store/users';
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-10-12T02:00:00.000Z' });
});
afterAll(() => cloud.close());

const shanghai = (time: string) => new Date(`${cloud.today()}T${time}+08:00`);

it('a send whose credit claim ends after 22:00 does not go out, and the user is let go for tomorrow', async () => {
  cloud.freshDay(21);
  cloud.seed(manyUsers(1));
  // Each conditional update takes 1.5 s: the page is claimed before 22:00, the credit after it.
  cloud.emulator.backend.instrument.setLatency('database.modifyDocument', 1500);
  cloud.at(shanghai('21:59:57.500'));
  const answer = await cloud.runAnswer();
  expect(cloud.outbox()).toEqual([]);
  expect(answer).toMatchObject({ sent: 0 });
  expect(cloud.find('credits').map((c) => c.status)).toEqual(['unused']);
  expect(cloud.user('o-user-00000')).toMatchObject({ lastRemindedDate: '' });
});

it('a worker ordered before 22:00 that starts after it sends nothing', async () => {
  cloud.freshDay(21);
  cloud.seed(manyUsers(5));
  const order = { runId: 'run_late_evening_1', at: shanghai('21:59:50').toISOString(), shards: [0, SHARDS - 1], budgetMs: 40_000, closed: {} };
  cloud.at(shanghai('22:00:05'));
  const r = await cloud.emulator.host.invoke('sendReminders', { worker: order }, { source: 'wx_trigger,scf' });
  expect(r.result).toMatchObject({ ok: true, sent: 0 });
  expect(cloud.outbox()).toEqual([]);
  expect(cloud.find('credits', { status: 'unused' })).toHaveLength(5);
});
