// What the dashboard shows, read from the emulator at request time: timer runs with the functions'
// answers and the run log, WeChat's outbox rendered as the user sees a service notification, users
// with their live credits and streaks, and any collection's documents.
import type { Emulator } from 'wx-cloud-emulator';
import type { OutboxEntry } from 'wx-cloud-emulator/backend';
import { streakOn } from '../../src/domain/streak';
import { localDate } from '../../src/domain/time';
import { CREDITS, DAILY_STATS, REMINDER_RUNS, USERS } from '../../src/store/collections';
import { LIFT_NOTE, liftSummary, liftText, reminderGroupText, type DayLift } from '../summary/lift';
import { readDailyStats } from '../summary/sources';
import { TEMPLATES, type TemplateInfo } from '../../local/deployment';

export interface Page {
  offset: number;
  limit: number;
}


const has = (emulator: Emulator, name: string) => emulator.backend.db.collections().includes(name);

export function overview(emulator: Emulator) {
  const { db, wechat } = emulator.backend;
  return {
    now: emulator.clock.now(),
    virtualClock: emulator.clock.virtual,
    templateMessageMode: wechat.templateMessageMode(),
    timers: emulator.timers.list(),
    collections: db.collections().sort().map((name) => ({ name, count: db.count(name) })),
    outbox: wechat.outbox().length,
    runs: emulator.timers.firings().length,
  };
}

export function runs(emulator: Emulator, page: Page, functionName: string | null) {
  const all = emulator.timers.firings().map((f, i) => ({ id: i + 1, ...f }));
  const newest = all.filter((f) => functionName === null || f.functionName === functionName).reverse();
  const db = emulator.backend.db;
  return {
    total: newest.length,
    functions: emulator.timers.list().map((t) => t.functionName),
    firings: newest.slice(page.offset, page.offset + page.limit),
    runLog: has(emulator, REMINDER_RUNS) ? db.find(REMINDER_RUNS, {}, { sort: { _id: -1 }, limit: page.limit }) : null,
  };
}

const templateOf = (id: string): TemplateInfo | undefined => [TEMPLATES.subscribe, TEMPLATES.form].find((t) => t.id === id);

/** A message as WeChat's service notifications show it: the template's title and labelled fields. */
export function asNotification(entry: OutboxEntry, n: number) {
  const template = templateOf(entry.templateId);
  return {
    n,
    at: entry.at,
    api: entry.api,
    touser: entry.touser,
    page: entry.page ?? null,
    formId: entry.formId ?? null,
    title: template?.title ?? entry.templateId,
    fields: Object.entries(entry.data ?? {}).map(([key, v]) => ({ key, label: template?.labels[key] ?? key, value: v.value })),
  };
}

export function outbox(emulator: Emulator, page: Page) {
  const all = emulator.backend.wechat.outbox().map((e, i) => asNotification(e, i + 1));
  const newest = all.reverse();
  return { total: newest.length, entries: newest.slice(page.offset, page.offset + page.limit) };
}

export function users(emulator: Emulator, page: Page) {
  const { db, wechat } = emulator.backend;
  if (!has(emulator, USERS)) return { total: 0, users: [] };
  const now = emulator.clock.now();
  const live = new Map<string, { form: number; subscribe: number }>();
  if (has(emulator, CREDITS)) {
    for (const c of db.find(CREDITS, { status: 'unused', expireAt: { $gt: now } })) {
      const counts = live.get(String(c.openid)) ?? { form: 0, subscribe: 0 };
      if (c.kind === 'form') counts.form++;
      else counts.subscribe++;
      live.set(String(c.openid), counts);
    }
  }
  const docs = db.find(USERS, {}, { sort: { _id: 1 }, skip: page.offset, limit: page.limit });
  return {
    total: db.count(USERS),
    users: docs.map((u) => ({
      openid: u._id,
      enabled: u.enabled,
      hour: u.hour,
      /** The streak the user sees today: a stored streak ends once a day is missed. */
      streak: streakOn({ lastCheckInDate: (u.lastCheckInDate as string) || null, streak: Number(u.streak ?? 0) }, localDate(now)),
      lastCheckInDate: u.lastCheckInDate,
      lastRemindedDate: u.lastRemindedDate,
      checkIns: u.checkIns,
      points: u.points,
      credits: live.get(String(u._id)) ?? { form: 0, subscribe: 0 },
      wechatGrants: wechat.remainingGrants(String(u._id), TEMPLATES.subscribe.id),
    })),
  };
}

export function collection(emulator: Emulator, name: string, page: Page) {
  if (!has(emulator, name)) return null;
  const db = emulator.backend.db;
  return { name, total: db.count(name), docs: db.find(name, {}, { sort: { _id: 1 }, skip: page.offset, limit: page.limit }) };
}

/** Do reminders work? The lift per day and over every day so far, from the functions' daily figures. */
export function lift(emulator: Emulator) {
  const stats = has(emulator, DAILY_STATS) ? readDailyStats(emulator.backend.db.find(DAILY_STATS, {})) : [];
  const summary = liftSummary(stats, stats.map((s) => s.date).sort());
  const row = (d: DayLift) => ({
    date: d.date,
    reminded: reminderGroupText(d.sameDay, 'reminded'),
    heldOut: reminderGroupText(d.sameDay, 'heldOut'),
    sameDay: liftText(d.sameDay),
    within2h: liftText(d.within2h),
  });
  return { heldOut: summary.period.sameDay.heldOut.trials, days: summary.days.map(row), period: row(summary.period), note: LIFT_NOTE };
}
