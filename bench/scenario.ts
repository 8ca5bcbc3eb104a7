// One measured run: a fresh emulator on a fresh temporary data folder, N due users seeded straight
// into its database (and WeChat's memory of their grants / form ids), latency injected, the timer
// fired as it would fire, everything the function started awaited, and the outcome checked against
// the outbox and the database rather than taken from the function's answer.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from 'wx-cloud-emulator';
import { virtualClock } from 'wx-cloud-emulator/clock';
import { localDate } from '../src/domain/time';
import { Observer, type Activity } from './observe';
import { openidOf, SYSTEMS, type SeedOptions, type SystemId } from './systems';

export interface ScenarioOptions extends SeedOptions {
  system: SystemId;
  /** Unscaled latencies (ms) and the factor applied to them (and to the function timeout). */
  dbLatencyMs: number;
  sendLatencyMs: number;
  scale: number;
  /** Function timeout inside the emulator (already scaled). */
  timeoutMs: number;
  /** Virtual start: must lie inside the send window, after the users' effective hour. */
  start: Date;
  /** Ours: most timer firings to try (its cron fires hourly inside the window). */
  maxFirings: number;
  /** Extra environment variables of the function. */
  env: Record<string, string>;
  /** No request and no busy instance for this long = the run is over. */
  quietMs: number;
  log?: (line: string) => void;
  /** Append the function instances' console output to this file. */
  functionLog?: string | null;
  /** Called after measuring, before the emulator closes (tests read the emulator's own state here). */
  inspect?: (emu: Emulator, result: ScenarioResult) => void | Promise<void>;
}

export interface Firing {
  /** Virtual time of the firing (the event's Time). */
  at: string;
  ok: boolean;
  /** The timer invocation's own answer (continuations it started are in activity). */
  answer: unknown;
  /** Distinct users delivered to after this firing and all it started had finished. */
  deliveredAfter: number;
}

/** Check-ins made after the run, by seeded users through the system's own checkIn. */
export interface CheckInFigures {
  checkIns: number;
  /** Insert and update requests of those check-ins. */
  writes: number;
  dbRequests: number;
}

export interface ScenarioResult {
  system: SystemId;
  functionName: string;
  users: number;
  /** Seeded users a message can reach (the others hold only credits of a retired channel). */
  reachable: number;
  seedMs: number;
  firings: Firing[];
  /** Distinct seeded users with a delivered message (outbox). */
  delivered: number;
  /** Messages beyond the first to one user. */
  duplicates: number;
  /** Outbox entries addressed to no seeded user (must be 0). */
  strangers: number;
  /** For up to 3 users reminded twice: what the emulator holds about them (to debug I1). */
  duplicateDetails: unknown[];
  /** The same for up to 3 seeded users never reminded (to debug I4). */
  missedDetails: unknown[];
  /** Users the system's own records mark as reminded today. */
  marked: number;
  /** Delivered when the first firing's invocation answered (the article's task answers before its sends end). */
  deliveredWhenAnswered: number;
  counts: Record<string, number>;
  dbRequests: number;
  /** Insert and update requests of the run (a grouped update of many documents is one). */
  writes: number;
  /** Measured after the run (ours only): writes per check-in. */
  checkIns: CheckInFigures | null;
  sendAttempts: number;
  /** From the first firing until the last request or invocation end of the last one (real ms). */
  wallMs: number;
  activity: Activity;
  templateMode: string;
}

const sumWhere = (counts: Record<string, number>, prefix: string) =>
  Object.entries(counts).reduce((a, [k, v]) => (k.startsWith(prefix) ? a + v : a), 0);
/** The database requests that write: inserts and updates (removes are not counted). */
export const WRITE_ACTIONS = ['database.insertDocument', 'database.modifyDocument', 'database.modifyAndReturnDoc'];
export const writesOf = (counts: Record<string, number>) => WRITE_ACTIONS.reduce((a, k) => a + (counts[k] ?? 0), 0);
/** Users who check in after the run (at most): enough for a per-check-in figure. */
const CHECK_INS = 200;

/**
 * Seeded users 0..n-1 check in one after the other (one warm instance, no cold-start storm),
 * without latency: the counts do not depend on it.
 */
async function measureCheckIns(emu: Emulator, n: number, checkIn: (emu: Emulator, i: number) => Promise<void>): Promise<CheckInFigures> {
  const { instrument } = emu.backend;
  instrument.setLatency('database.*', 0);
  instrument.resetCounts();
  for (let i = 0; i < n; i++) await checkIn(emu, i);
  const counts = instrument.counts();
  return { checkIns: n, writes: writesOf(counts), dbRequests: sumWhere(counts, 'database.') };
}

/** Distinct recipients, duplicates, and recipients that were never seeded. */
function outboxTally(emu: Emulator, isSeeded: (openid: string) => boolean) {
  const perUser = new Map<string, number>();
  for (const m of emu.backend.wechat.outbox()) perUser.set(m.touser, (perUser.get(m.touser) ?? 0) + 1);
  let duplicates = 0;
  let strangers = 0;
  for (const [openid, n] of perUser) {
    duplicates += n - 1;
    if (!isSeeded(openid)) strangers++;
  }
  const twice = [...perUser].filter(([, n]) => n > 1).map(([openid]) => openid);
  return { delivered: perUser.size - strangers, duplicates, strangers, twice };
}

/** Up to 3 seeded users a message could reach without one. */
function missed(emu: Emulator, users: number, canReach: (i: number) => boolean): string[] {
  const reached = new Set(emu.backend.wechat.outbox().map((m) => m.touser));
  const out: string[] = [];
  for (let i = 0; i < users && out.length < 3; i++) if (canReach(i) && !reached.has(openidOf(i))) out.push(openidOf(i));
  return out;
}

/** Every document and message about a user, from the database and the simulated WeChat. */
function aboutUser(emu: Emulator, openid: string): unknown {
  const { db, wechat } = emu.backend;
  const mine = (c: string, q: Record<string, unknown>) => (db.collections().includes(c) ? db.find(c, q) : []);
  return {
    openid,
    documents: Object.fromEntries(db.collections().map((c) => [c, [...mine(c, { _id: openid }), ...mine(c, { openid }), ...mine(c, { open_id: openid })]])),
    outbox: wechat.outbox().filter((m) => m.touser === openid),
    attempts: wechat.attempts().filter((a) => a.touser === openid),
  };
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const system = SYSTEMS[options.system];
  const log = options.log ?? (() => undefined);
  const workDir = mkdtempSync(join(tmpdir(), `bench-${options.system}-`));
  let emu: Emulator | undefined;
  try {
    const deployment = await system.deploy(workDir, options);
    const { functionName, emulator: deployed } = deployment;
    const observer = new Observer(functionName, () => emu, system.isCoordinator);
    const started = await startEmulator({
      ...deployed,
      functionEnv: { ...deployed.functionEnv, [functionName]: { ...deployed.functionEnv[functionName], ...options.env } },
      dataDir: join(workDir, 'data'),
      clock: virtualClock(options.start),
      timeoutMs: options.timeoutMs,
      onInvocation: observer.onInvocation,
      ...(options.functionLog ? { onLog: ({ instanceId, text }) => appendFileSync(options.functionLog!, text.replace(/^(?=.)/gm, `[${instanceId}] `)) } : {}),
    });
    emu = started;

    let t = Date.now();
    system.seed(emu, options);
    const seedMs = Date.now() - t;
    log(`  seeded ${options.users} users in ${(seedMs / 1000).toFixed(1)} s`);

    const { instrument } = emu.backend;
    instrument.setLatency('database.*', options.dbLatencyMs * options.scale);
    instrument.setLatency('wx.openApi:*', options.sendLatencyMs * options.scale);
    instrument.resetCounts();
    const seeded = (openid: string) => /^obench\d{22}$/.test(openid) && Number(openid.slice(6)) < options.users; // openidOf(i)

    const firings: Firing[] = [];
    let deliveredWhenAnswered = 0;
    observer.begin();
    t = Date.now();
    for (let n = 1; n <= options.maxFirings; n++) {
      if (n > 1) {
        // The next firing of its cron (an hour later on the virtual clock; no real time passes), on the same date.
        const next = emu.timers.list().find((x) => x.functionName === deployment.functionName)?.nextAt;
        if (!next || localDate(next) !== localDate(options.start)) break;
        emu.clock.set(next);
      }
      const at = emu.clock.now().toISOString();
      const firing = await emu.fireTimer(deployment.functionName);
      if (n === 1) deliveredWhenAnswered = outboxTally(emu, seeded).delivered;
      await observer.settle(options.quietMs);
      const { delivered } = outboxTally(emu, seeded);
      firings.push({ at, ok: firing.ok, answer: firing.ok ? firing.result : firing.error, deliveredAfter: delivered });
      log(`  firing ${n} at ${at}: ${delivered}/${options.users} delivered${firing.ok ? '' : ` (run failed: ${firing.error ?? ''})`}`);
      const before = firings[firings.length - 2]?.deliveredAfter ?? 0;
      if (!system.refires || (!system.wholeDay && (delivered >= options.users || delivered === before))) break;
    }
    const wallMs = observer.lastActivityMs - t;
    const activity = observer.activity();
    const counts = instrument.counts();
    const { twice, ...tally } = outboxTally(emu, seeded);
    const result: ScenarioResult = {
      system: options.system,
      functionName: deployment.functionName,
      users: options.users,
      reachable: Array.from({ length: options.users }, (_, i) => system.canReach(i)).filter(Boolean).length,
      seedMs,
      firings,
      ...tally,
      duplicateDetails: twice.slice(0, 3).map((openid) => aboutUser(started, openid)),
      missedDetails: missed(started, options.users, (i) => system.canReach(i)).map((openid) => aboutUser(started, openid)),
      marked: system.marked(emu),
      deliveredWhenAnswered,
      counts,
      dbRequests: sumWhere(counts, 'database.'),
      writes: writesOf(counts),
      checkIns: null,
      // The sends alone: a run also reads the account's templates (getTemplateList).
      sendAttempts: (counts['wx.openApi:subscribeMessage.send'] ?? 0) + (counts['wx.openApi:templateMessage.send'] ?? 0),
      wallMs,
      activity,
      templateMode: deployed.account.templateMessageMode ?? 'retired',
    };
    await options.inspect?.(emu, result);
    // After inspect, which reads the run's own counts; these requests are not the run's.
    if (system.checkIn) result.checkIns = await measureCheckIns(started, Math.min(options.users, CHECK_INS), system.checkIn);
    return result;
  } finally {
    await emu?.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
