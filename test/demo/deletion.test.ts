// The right to deletion in a running week: npm start's simulation, once as it is and once with one
// user deleting their data (删除我的数据) at noon of the second day. Afterwards no collection holds a
// document about that user — whatever collections exist, ours or added later — and everyone else
// was reminded and checked in exactly as in the week without the deletion.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemo, type DemoOptions, type DemoRun } from '../../demo/simulate';
import { addDays, atLocalHour, localDate } from '../../src/domain/time';
import { collectionsWithoutRule, documentsMentioning } from '../support/userData';

const START = '2024-06-03';
const DELETION_DAY = 1;
/** Faults off: their dice are drawn in the order sends arrive, which one user fewer would shift. */
const week = (dataDir: string, deletions?: DemoOptions['deletions']): DemoOptions => ({
  users: 24, days: 3, seed: 16, templateMessage: 'legacy', faultRate: 0, templates: 3, start: START, dataDir, ...(deletions ? { deletions } : {}),
});

interface Week {
  /** `openid@date` of every message in WeChat's outbox. */
  reminders: string[];
  /** When WeChat delivered each message to `openid`. */
  messagesTo: (openid: string) => Date[];
  /** `openid@date` of every check-in record. */
  checkIns: string[];
  failures: number;
  mentioning: (openid: string) => string[];
  unruled: string[];
}

async function simulate(dataDir: string, deletions?: DemoOptions['deletions']): Promise<{ run: DemoRun; week: Week }> {
  const run = await runDemo(week(dataDir, deletions));
  const { db, wechat } = run.emulator.backend;
  const result: Week = {
    reminders: wechat.outbox().map((m) => `${m.touser}@${localDate(m.at)}`).sort(),
    messagesTo: (openid) => wechat.outbox().filter((m) => m.touser === openid).map((m) => new Date(m.at)),
    checkIns: db.find('checkins', {}).map((c) => `${String(c.openid)}@${String(c.date)}`).sort(),
    failures: run.calls.failures.length,
    mentioning: (openid) => documentsMentioning(db, openid),
    unruled: collectionsWithoutRule(db),
  };
  return { run, week: result };
}

describe('a user who deletes their data in the middle of a simulated week', () => {
  let dir: string;
  let without: Week;
  let withDeletion: Week;
  let leaver: string;
  let deletedAt: Date;
  const others = (list: string[]) => list.filter((entry) => !entry.startsWith(`${leaver}@`));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-deletion-'));
    const first = await simulate(path.join(dir, 'without'));
    without = first.week;
    // The leaver: a user reminded on the deletion day and again later, so the deletion has something to change.
    const reminded = (date: string) => new Set(without.reminders.filter((r) => r.endsWith(`@${date}`)).map((r) => r.split('@')[0]));
    const index = first.run.users.findIndex((u) => reminded(addDays(START, DELETION_DAY)).has(u.openid) && reminded(addDays(START, DELETION_DAY + 1)).has(u.openid));
    await first.run.emulator.close();
    expect(index).toBeGreaterThanOrEqual(0);
    leaver = first.run.users[index]!.openid;
    deletedAt = atLocalHour(addDays(START, DELETION_DAY), 12);
    const second = await simulate(path.join(dir, 'with'), [{ user: index, day: DELETION_DAY }]);
    withDeletion = second.week;
    await second.run.emulator.close();
  }, 240_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves no document about them in any collection the database holds, and every collection has a deletion rule', () => {
    expect(without.mentioning(leaver).length).toBeGreaterThan(0);
    expect(withDeletion.mentioning(leaver)).toEqual([]);
    expect(withDeletion.unruled).toEqual([]);
    expect(without.unruled).toEqual([]);
  });

  it('reminds them no more after the deletion', () => {
    const after = (w: Week) => w.messagesTo(leaver).filter((at) => at > deletedAt);
    expect(after(without).length).toBeGreaterThan(0);
    expect(after(withDeletion)).toEqual([]);
  });

  it('reminds everyone else and records their check-ins exactly as in the same week without the deletion', () => {
    expect(without.failures).toBe(0);
    expect(withDeletion.failures).toBe(0);
    expect(others(withDeletion.reminders)).toEqual(others(without.reminders));
    expect(others(withDeletion.checkIns)).toEqual(others(without.checkIns));
    expect(others(without.reminders).length).toBeGreaterThan(10);
  });
});
