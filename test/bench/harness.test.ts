// The benchmark harness at a tiny size, so it cannot silently rot: its figures must agree with what
// the emulator itself holds (outbox, database, request counts), read here independently.
// Performance is not asserted (benchmarks print figures; see docs/benchmark.md).
import type { Emulator } from 'wx-cloud-emulator';
import { figuresOf } from '../../bench/report';
import { runScenario, type ScenarioOptions, type ScenarioResult } from '../../bench/scenario';
import type { SystemId } from '../../bench/systems';

const SCALE = 0.02; // 0.4 ms per database request, 3 ms per send

interface Seen {
  recipients: Map<string, number>;
  counts: Record<string, number>;
  marked: number;
}

async function tinyRun(system: SystemId, users: number, marked: (emu: Emulator) => number, maxFirings = 3) {
  let seen: Seen | undefined;
  const options: ScenarioOptions = {
    system,
    users,
    creditsPerUser: 2,
    channel: 'subscribe',
    baselineConcurrency: 10,
    dbLatencyMs: 20,
    sendLatencyMs: 150,
    scale: SCALE,
    timeoutMs: 60_000, // as deployed: a run keeps 15 s of its limit and does nothing below 20 s
    start: new Date('2026-03-09T02:00:00Z'), // 10:00 in Shanghai
    maxFirings,
    env: {},
    quietMs: 300,
    inspect(emu) {
      const recipients = new Map<string, number>();
      for (const m of emu.backend.wechat.outbox()) recipients.set(m.touser, (recipients.get(m.touser) ?? 0) + 1);
      seen = { recipients, counts: emu.backend.instrument.counts(), marked: marked(emu) };
    },
  };
  const result: ScenarioResult = await runScenario(options);
  if (!seen) throw new Error('inspect was not called');
  return { result, figures: figuresOf(result, SCALE), seen };
}

const dbRequests = (counts: Record<string, number>) => Object.entries(counts).filter(([k]) => k.startsWith('database.')).reduce((a, [, v]) => a + v, 0);

function expectConsistent({ result, figures, seen }: Awaited<ReturnType<typeof tinyRun>>): void {
  expect(figures.reminded).toBe(seen.recipients.size);
  expect(figures.duplicates).toBe([...seen.recipients.values()].reduce((a, n) => a + n - 1, 0));
  expect(figures.marked).toBe(seen.marked);
  expect(result.counts).toEqual(seen.counts);
  expect(figures.dbRequests).toBe(dbRequests(seen.counts));
  expect(figures.dbPerReminded).toBeCloseTo(dbRequests(seen.counts) / seen.recipients.size, 10);
  const writes = (seen.counts['database.insertDocument'] ?? 0) + (seen.counts['database.modifyDocument'] ?? 0);
  expect(result.writes).toBe(writes);
  expect(figures.writesPerReminded).toBeCloseTo(writes / seen.recipients.size, 10);
  expect(figures.sendAttempts).toBe((seen.counts['wx.openApi:templateMessage.send'] ?? 0) + (seen.counts['wx.openApi:subscribeMessage.send'] ?? 0));
  expect(figures.invocations).toBeGreaterThanOrEqual(1);
  expect(figures.peakMb).toBeGreaterThan(20); // a Node process with the SDK loaded
  expect(figures.wallS).toBeGreaterThan(0);
}

describe('the benchmark harness', () => {
  it('reports our sendReminders reminding 50 due users once each, with the database requests the backend counted', async () => {
    const run = await tinyRun('ours', 50, (emu) => emu.backend.db.count('users', { lastRemindedDate: '2026-03-09' }));
    expectConsistent(run);
    expect(run.figures.reminded).toBe(50);
    expect(run.figures.duplicates).toBe(0);
    expect(run.figures.marked).toBe(50);
    expect(run.figures.sendAttempts).toBe(50); // subscribe grants only; no retired form channel to try first
    expect(run.result.firings[0]?.answer).toMatchObject({ ok: true, sent: 50, remaining: 0 });
    // Then each user checks in, reminded today: the record, the summary, and the day's conversion
    // figure; the first insert meets no checkins collection yet (+1 failed insert, +1 createCollection).
    expect(run.result.checkIns).toEqual({ checkIns: 50, writes: 3 * 50 + 1, dbRequests: 5 * 50 + 2 });
    expect(run.figures.writesPerCheckIn).toBeCloseTo(3.02, 10);
  });

  it('runs the retired day at every hourly firing to the end of the date: only the subscribe half is reminded, the form-only half keeps its form ids, and requests are counted per due user', async () => {
    let unusedForm = -1;
    const run = await tinyRun('ours-retired', 40, (emu) => {
      unusedForm = emu.backend.db.count('credits', { kind: 'form', status: 'unused' });
      return emu.backend.db.count('users', { lastRemindedDate: '2026-03-09' });
    }, 20);
    expectConsistent(run);
    expect(run.result.firings.map((f) => f.at.slice(11, 13))).toEqual(['02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13']); // 10:00 to 21:00 in Shanghai
    expect(run.figures.reachable).toBe(20);
    expect(run.figures.reminded).toBe(20);
    expect([...run.seen.recipients.keys()].every((openid) => Number(openid.slice(6)) % 2 === 0)).toBe(true);
    expect(run.figures.marked).toBe(20);
    expect(unusedForm).toBe(40); // 20 form-only users × 2: none burnt on the retired channel
    expect(run.figures.dbPerDue).toBeCloseTo(dbRequests(run.seen.counts) / 40, 10);
    expect(run.result.checkIns).toBeNull();
  });

  it('reports the article\'s task as written reminding only the first page of 100 users, with 3 requests each plus its one query', async () => {
    const run = await tinyRun('article', 150, (emu) => emu.backend.db.count('wx_message_push_status', { last_date: 20260309 }));
    expectConsistent(run);
    expect(run.figures.reminded).toBe(100);
    expect(run.figures.dbRequests).toBe(1 + 3 * 100);
  });

  it('reports the fixed article task reminding every user, paging until an empty page', async () => {
    const run = await tinyRun('article-fixed', 150, (emu) => emu.backend.db.count('wx_message_push_status', { last_date: 20260309 }));
    expectConsistent(run);
    expect(run.figures.reminded).toBe(150);
    expect(run.figures.dbRequests).toBe(2 + 3 * 150);
    expect(run.figures.firings).toBe(1);
  });
});
