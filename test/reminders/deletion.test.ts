// The right to deletion against the timer functions: a user who deletes their data while a
// sendReminders run holds their claim (or has their credit in flight) stays deleted — every write of
// the run and of expireFormIds is a conditional update that matches nothing once the documents are
// gone, never an upsert — and later runs neither bring them back nor remind them.
import { collectionsWithoutRule, documentsMentioning } from '../support/userData';
import { manyUsers, startReminderCloud, type ReminderCloud } from './support/cloud';

const LEAVER = 'o-leaver';
let cloud: ReminderCloud;

beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-11-02T02:00:00.000Z' });
});
afterAll(() => cloud.close());

const about = (openid: string) => documentsMentioning(cloud.emulator.backend.db, openid);
const deleteMyData = (openid: string) => cloud.call('reminderSettings', { action: 'deleteMyData' }, openid);

async function until(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe.each([
  // Claimed, its credit not yet: slow database requests keep the run between the two claims.
  ['the run has claimed the user', () => cloud.emulator.backend.instrument.setLatency('database.*', 100), () => cloud.user(LEAVER).remind !== null && cloud.find('credits', { openid: LEAVER, status: 'sending' }).length === 0],
  // The send is on its way to WeChat.
  ['the user\'s credit is in flight', () => cloud.emulator.backend.instrument.setLatency('wx.openApi:*', 500), () => cloud.find('credits', { openid: LEAVER, status: 'sending' }).length > 0],
])('deleting my data while %s', (_when, slowDown, moment) => {
  it('leaves no document about the user after the run, the next runs and the expiry sweep, and reminds everyone else', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: LEAVER, subscribe: 2, forms: 1 }, ...manyUsers(8, 'o-stayer', 2)]);
    slowDown();
    const running = cloud.runAnswer();
    await until('the moment to delete', moment);
    expect(cloud.user(LEAVER).remind).toMatchObject({ state: 'claimed' });
    expect(await deleteMyData(LEAVER)).toMatchObject({ ok: true, deleted: { users: 1, credits: 3 } });
    const answer = await running;
    await cloud.settle();
    expect(about(LEAVER)).toEqual([]);

    const reminded = new Set(cloud.outbox().map((m) => m.touser));
    for (const { openid } of manyUsers(8, 'o-stayer', 2)) expect(reminded.has(openid)).toBe(true);
    // At most the message already on its way when the data went.
    expect(answer.sent).toBe(cloud.outbox().length);

    // The next hour's run and the expiry sweep: still nothing, and no second message.
    const sentBefore = cloud.outbox().length;
    cloud.atHour(11);
    expect(await cloud.runAnswer()).toMatchObject({ ok: true, sent: 0 });
    expect(await cloud.timer('expireFormIds')).toMatchObject({ ok: true });
    await cloud.settle();
    expect(about(LEAVER)).toEqual([]);
    expect(cloud.outbox()).toHaveLength(sentBefore);
    expect(collectionsWithoutRule(cloud.emulator.backend.db)).toEqual([]);
  });
});
