// npm start's simulation, end to end at a small size: every printed figure must be what the
// emulator's outbox, attempt log and database hold, counted here independently.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { results } from '../../demo/results';
import { runDemo, type DemoOptions, type DemoRun } from '../../demo/simulate';
import type { PersonaFigures } from '../../demo/summary/personas';
import type { Summary } from '../../demo/summary/summarize';
import { localDate } from '../../src/domain/time';

const TWO_HOURS = 2 * 3600_000;
const options = (dataDir: string): DemoOptions => ({ users: 40, days: 2, seed: 11, templateMessage: 'legacy', faultRate: 0.1, templates: 3, start: '2024-06-03', dataDir });

describe('the simulated week at a small size', () => {
  let dir: string;
  let run: DemoRun;
  let summary: Summary;
  let checks: Array<{ label: string; ok: boolean; detail: string }>;
  let population: PersonaFigures[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-'));
    run = await runDemo(options(path.join(dir, 'data')));
    ({ summary, checks, population } = results(run));
  }, 180_000);

  afterAll(async () => {
    await run?.emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const db = () => run.emulator.backend.db;
  const outbox = () => run.emulator.backend.wechat.outbox();

  it('makes every call through the real functions without a failure, and reminds and checks users in', () => {
    expect(run.calls.failures).toEqual([]);
    expect(run.calls.calls).toBeGreaterThan(run.options.users);
    expect(summary.total.reminded).toBeGreaterThan(0);
    expect(summary.total.checkedIn).toBeGreaterThan(0);
    expect(summary.days.map((d) => d.date)).toEqual(['2024-06-03', '2024-06-04']);
  });

  it('prints as reminded per day the messages in WeChat’s outbox dated that day', () => {
    for (const day of summary.days) expect(day.reminded).toBe(outbox().filter((m) => localDate(m.at) === day.date).length);
  });

  it('prints as failed the refused send attempts of each day, by the errcode WeChat answered', () => {
    const attempts = run.emulator.backend.wechat.attempts();
    expect(attempts.some((a) => a.errcode !== 0)).toBe(true); // the fault rate makes some
    for (const day of summary.days) {
      const expected: Record<string, number> = {};
      for (const a of attempts.filter((x) => x.errcode !== 0 && localDate(x.at) === day.date)) expected[a.errcode] = (expected[a.errcode] ?? 0) + 1;
      expect(day.failed).toEqual(expected);
    }
  });

  it('prints as checked in the check-in records of each date in the database', () => {
    for (const day of summary.days) expect(day.checkedIn).toBe(db().count('checkins', { date: day.date }));
  });

  it('counts a check-in after a reminder only within two hours after that same user’s reminder', () => {
    for (const day of summary.days) {
      const followed = db()
        .find('checkins', { date: day.date })
        .filter((c) => outbox().some((m) => m.touser === c.openid && localDate(m.at) === day.date && +(c.at as Date) - +m.at >= 0 && +(c.at as Date) - +m.at <= TWO_HOURS));
      expect(day.checkedInAfterReminder).toBe(followed.length);
    }
    expect(summary.total.checkedInAfterReminder).toBeGreaterThan(0);
  });

  it('prints as expired the credits the database marks expired, by their expiry date', () => {
    for (const day of summary.days) {
      const expired = db().find('credits', { status: 'expired' }).filter((c) => localDate(c.expireAt as Date) === day.date);
      expect(day.creditsExpired).toBe(expired.length);
    }
    expect(summary.total.creditsExpired).toBeGreaterThan(0); // installs before the week left form ids to expire
  });

  it('counts as due each user a run of the day took on once, however many runs took them on', () => {
    const runs = db().find('reminderRuns', {});
    for (const day of summary.days) {
      const ofDay = runs.filter((r) => r.date === day.date);
      const distinct = new Set(ofDay.flatMap((r) => run.claims.get(r._id) ?? []));
      expect(day.due).toBe(distinct.size);
      expect(day.dueInRuns).toBe(ofDay.reduce((n, r) => n + (r.due as number), 0));
      expect(day.due).toBeLessThanOrEqual(day.dueInRuns);
      expect(day.due).toBeGreaterThanOrEqual(day.reminded);
    }
  });

  it('prints per persona the user-days a run took its users on, and those a message reached', () => {
    const runs = db().find('reminderRuns', {});
    const personaOf = new Map(run.users.map((u) => [u.openid, u.persona]));
    const expected = new Map<string, { due: number; reminded: number }>();
    for (const date of run.dates) {
      const due = new Set(runs.filter((r) => r.date === date).flatMap((r) => run.claims.get(r._id) ?? []));
      for (const openid of due) {
        const row = expected.get(personaOf.get(openid)!) ?? { due: 0, reminded: 0 };
        row.due++;
        if (outbox().some((m) => m.touser === openid && localDate(m.at) === date)) row.reminded++;
        expected.set(personaOf.get(openid)!, row);
      }
    }
    for (const row of population) expect({ due: row.due, reminded: row.reminded }).toEqual(expected.get(row.persona) ?? { due: 0, reminded: 0 });
    expect(population.reduce((n, r) => n + r.due, 0)).toBe(summary.total.due);
    expect(population.reduce((n, r) => n + r.users, 0)).toBe(run.users.length);
  });

  it('agrees with the functions’ own records: run log, daily figures and expiry answers', () => {
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    const stats = db().find('dailyStats', {});
    for (const day of summary.days) expect(stats.find((s) => s._id === day.date)?.delivered ?? 0).toBe(day.reminded);
  });
});

describe('a seed', () => {
  it('gives the same figures when the demo runs again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-seed-'));
    const once = async (n: number) => {
      const r = await runDemo({ users: 25, days: 1, seed: 5, templateMessage: 'retired', faultRate: 0.3, templates: 3, start: '2024-06-03', dataDir: path.join(dir, `data${n}`) });
      try {
        return results(r).summary;
      } finally {
        await r.emulator.close();
      }
    };
    try {
      const first = await once(1);
      expect(first.total.checkedIn).toBeGreaterThan(0);
      expect(await once(2)).toEqual(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('a week with a holdout', () => {
  it('holds out user-days through the real sendReminders and counts both groups as the database records them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-holdout-'));
    const run = await runDemo({ users: 40, days: 2, seed: 11, templateMessage: 'legacy', faultRate: 0, templates: 3, holdoutPercent: 30, start: '2024-06-03', dataDir: path.join(dir, 'data') });
    try {
      const { summary, checks } = results(run);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      expect(run.heldOut.length).toBeGreaterThan(0);
      expect(run.trueLift).not.toBeNull();
      // Recounted from the check-in records of the held-out user-days.
      const records = run.heldOut.map((h) => ({ h, record: run.emulator.backend.db.find('checkins', { openid: h.openid, date: h.date })[0] }));
      const checkedIn = records.filter((r) => r.record);
      const within = checkedIn.filter((r) => (r.record!.at as Date).getTime() - r.h.at.getTime() <= TWO_HOURS);
      const { sameDay, within2h } = summary.lift.period;
      expect(sameDay.heldOut).toEqual({ successes: checkedIn.length, trials: run.heldOut.length });
      expect(within2h.heldOut).toEqual({ successes: within.length, trials: run.heldOut.length });
      expect(sameDay.reminded.trials).toBe(summary.total.reminded);
    } finally {
      await run.emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
