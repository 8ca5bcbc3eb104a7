// The simulated week: users visit the mini-program by habit and when a reminder reaches them, and the
// real timer functions fire from their config.json crons on the emulator's virtual clock. Every call
// goes through the deployed bundles; the simulation decides only what users do, never what happened.
//
// Most users install during the days before the week (one visit each, before the reminder functions
// are deployed): their form ids, valid 7 days, then expire during the week.
import type { Emulator } from 'wx-cloud-emulator';
import type { TemplateMessageMode } from 'wx-cloud-emulator/backend';
import { addDays, localDate, startOfLocalDay, type LocalDate } from '../src/domain/time';
import { MiniProgramClient, newClientState, type CallLog, type ClientState } from './client';
import { PERSONAS, population, PRE_WEEK_DAYS, type DemoUser } from './population';
import { dice } from './random';
import { Agenda, visitTime, type Visit } from './schedule';
import { ClaimObserver, type HeldOutDay } from './summary/claims';
import { trueLift, type ResponseModel } from './truth';
import { subscribeTemplates } from '../local/deployment';
import { startWorld } from './world';

export interface DemoOptions {
  users: number;
  days: number;
  seed: number;
  templateMessage: TemplateMessageMode;
  faultRate: number;
  /** Subscribe templates configured and asked for in one dialog, 1-3. */
  templates: number;
  /** Share of due user-days sendReminders holds out (REMINDER_HOLDOUT_PERCENT), 0-50; default 0. */
  holdoutPercent?: number;
  /** First simulated day, a Shanghai date. */
  start: LocalDate;
  dataDir: string;
  /**
   * Users who delete their data (删除我的数据) at noon of a day of the week (0 = the first) and
   * never come back: the right to deletion in a running week (test/demo/deletion.test.ts).
   */
  deletions?: ReadonlyArray<{ user: number; day: number }>;
}

export interface DemoRun {
  emulator: Emulator;
  options: DemoOptions;
  users: DemoUser[];
  /** The simulated days, in order. */
  dates: LocalDate[];
  /** Every call the simulated users made, and those that failed. */
  calls: CallLog;
  /** Run id → the users that sendReminders run took on. */
  claims: ReadonlyMap<string, readonly string[]>;
  /** The user-days sendReminders held out (REMINDER_HOLDOUT_PERCENT). */
  heldOut: readonly HeldOutDay[];
  /**
   * The true lift of a reminder on checking in that day, over the week's reminded and held-out
   * user-days, from the users' response model (truth.ts); null when nobody was reminded or held out.
   */
  trueLift: number | null;
}

export interface ProgressListener {
  /** The installs before the week are done. */
  installed?(users: number): void;
  /** `done` of `total` simulated days are done, the latest being `date`. */
  day?(done: number, total: number, date: LocalDate): void;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Users visiting at the same minute are served this many at a time. */
const CONCURRENT_VISITS = 4;
/**
 * When in its day a deletion happens: 12:00:45, a quarter of a minute after the visits of 12:00
 * (always half a minute past) and before the next timer (on whole minutes).
 */
const DELETE_AT_MS = 12 * 3600_000 + 45_000;

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

export async function runDemo(options: DemoOptions, progress: ProgressListener = {}): Promise<DemoRun> {
  const weekStart = startOfLocalDay(options.start);
  const emulator = await startWorld({
    dataDir: options.dataDir,
    start: new Date(weekStart.getTime() - PRE_WEEK_DAYS * DAY),
    templateMessage: options.templateMessage,
    faultRate: options.faultRate,
    seed: options.seed,
    templates: options.templates,
    holdoutPercent: options.holdoutPercent ?? 0,
  });
  try {
    const users = population(options.users, options.seed, options.days);
    const byOpenid = new Map(users.map((u) => [u.openid, u]));
    const states: ClientState[] = users.map((u) => newClientState(PERSONAS[u.persona]));
    // Both channels are configured (world.ts): the app collects form ids, as a build with a form template does.
    const client = new MiniProgramClient(emulator, { subscribeTemplateIds: subscribeTemplates(options.templates).map((t) => t.id), formChannel: true });
    const agenda = new Agenda();
    const { clock, timers, backend } = emulator;
    const claims = new ClaimObserver(backend.db);
    const dates = Array.from({ length: options.days }, (_, i) => addDays(options.start, i));

    // The response model: each user-day's habitual visit (planned at the day's start) and the answer to a reminder.
    const habitAt = new Map<string, number>();
    const model: ResponseModel = {
      habitAt: (user, date) => habitAt.get(`${user}|${date}`) ?? null,
      answerAt(user, at) {
        const u = users[user] as DemoUser;
        const d = dice(options.seed, 'react', u.index, at);
        return d.chance(PERSONAS[u.persona].uplift) ? visitTime(at + d.around(45, 35, 2, 240) * MINUTE) : null;
      },
      dayEnd: (date) => startOfLocalDay(addDays(date, 1)).getTime(),
    };

    const leavesAt = new Map((options.deletions ?? []).map((d) => [d.user, weekStart.getTime() + d.day * DAY + DELETE_AT_MS]));
    const visit = async (v: Visit) => {
      const user = users[v.user] as DemoUser;
      const leaving = leavesAt.get(v.user) ?? Infinity;
      if (v.at > leaving) return; // gone: uninstalled, nothing of theirs is left to visit with
      if (v.at === leaving) return void (await client.deleteMyData(user));
      await client.visit(user, states[v.user] as ClientState, dice(options.seed, 'visit', user.index, v.at));
    };
    const visitsAt = async (batch: Visit[]) => inParallel(batch, CONCURRENT_VISITS, visit);

    // Habitual visits of day `day` (relative to the week); the install day always has one.
    const planDay = (day: number, only: (u: DemoUser) => boolean) => {
      const dayStart = weekStart.getTime() + day * DAY;
      for (const user of users) {
        if (user.joinDay > day || !only(user)) continue;
        const persona = PERSONAS[user.persona];
        const d = dice(options.seed, 'habit', user.index, day);
        if (!d.chance(persona.base(day - user.joinDay))) continue;
        const at = visitTime(dayStart + d.around(persona.visitMinute.mean, persona.visitMinute.spread, 0, 1439) * MINUTE);
        habitAt.set(`${user.index}|${localDate(new Date(dayStart))}`, at);
        agenda.add({ at, user: user.index });
      }
    };

    // A reminder in the outbox is a notification on the user's phone; some users open the app.
    let outboxSeen = 0;
    const reactToNewMessages = () => {
      const outbox = backend.wechat.outbox();
      for (const message of outbox.slice(outboxSeen)) {
        const user = byOpenid.get(message.touser);
        const at = user ? model.answerAt(user.index, message.at.getTime()) : null;
        if (user && at !== null) agenda.add({ at, user: user.index });
      }
      outboxSeen = outbox.length;
    };

    for (const [user, at] of leavesAt) agenda.add({ at, user });

    // Before the week: install visits only, and no timers (the reminder functions are not deployed yet).
    for (let day = -PRE_WEEK_DAYS; day < 0; day++) planDay(day, (u) => u.joinDay === day);
    for (let at = agenda.peek(); at !== null && at < weekStart.getTime(); at = agenda.peek()) {
      clock.set(new Date(at));
      await visitsAt(agenda.takeEarliest());
    }
    clock.set(weekStart);
    progress.installed?.(users.filter((u) => u.joinDay < 0).length);

    // The week: timers fire in order between visits; after each reminder run, users react.
    // The next fire time changes only when timers fire (the clock never passes one unfired).
    const nextFireTime = () => Math.min(...timers.list().map((t) => t.nextAt?.getTime() ?? Infinity));
    let nextTimer = nextFireTime();
    for (let day = 0; day < options.days; day++) {
      planDay(day, () => true);
      const dayEnd = weekStart.getTime() + (day + 1) * DAY;
      for (;;) {
        const nextVisit = agenda.peek();
        const horizon = Math.min(nextVisit ?? Infinity, dayEnd - 1000);
        if (nextTimer <= horizon) {
          const firings = await emulator.runTimersUntil(new Date(nextTimer));
          nextTimer = nextFireTime();
          if (firings.some((f) => f.functionName === 'sendReminders')) {
            claims.observe();
            reactToNewMessages();
          }
          continue;
        }
        if (nextVisit === null || nextVisit >= dayEnd) break;
        if (clock.now().getTime() < nextVisit) clock.set(new Date(nextVisit)); // no timer is due before it
        await visitsAt(agenda.takeEarliest());
      }
      clock.set(new Date(Math.max(clock.now().getTime(), dayEnd - 1000)));
      progress.day?.(day + 1, options.days, localDate(new Date(dayEnd - DAY)));
    }
    claims.observe();
    const inWeek = new Set(dates);
    const exposures = [
      ...backend.wechat.outbox().map((m) => ({ user: byOpenid.get(m.touser)?.index ?? -1, date: localDate(m.at), at: m.at.getTime() })),
      ...claims.heldOut.map((h) => ({ user: byOpenid.get(h.openid)?.index ?? -1, date: h.date, at: h.at.getTime() })),
    ].filter((e) => e.user >= 0 && inWeek.has(e.date));
    return { emulator, options, users, dates, calls: client.log, claims: claims.byRun, heldOut: claims.heldOut, trueLift: trueLift(exposures, model) };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
