// The emulator with every bundled function deployed as local/deployment.ts says (indexes, the
// account's templates and pages), configured for reminders: the subscribe template, and the form
// template with 2019's template messages when asked. Users and credits are seeded the way
// saveFormId stores them (its own constructors), with the matching grants and form ids on WeChat's side.
import { startEmulator, type Emulator } from 'wx-cloud-emulator';
import { virtualClock, type Clock } from 'wx-cloud-emulator/clock';
import type { TemplateSpec } from 'wx-cloud-emulator/backend';
import type { TimerFiring } from 'wx-cloud-emulator/timers';
import { projectDeployment, TEMPLATES } from '../../../local/deployment';
import { CLAIM_MARGIN_MS } from '../../../src/domain/claims';
import { addDays, atLocalHour, localDate, type LocalDate } from '../../../src/domain/time';
import { newFormCredit, newSubscribeCredit, type CreditDoc } from '../../../src/store/credits';
import { newUser, type UserDoc } from '../../../src/store/users';

export const SUBSCRIBE_TEMPLATE = TEMPLATES.subscribe.id;
export const FORM_TEMPLATE = TEMPLATES.form.id;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = any;
export type Doc = Record<string, unknown> & { _id: string };

export interface ReminderCloudOptions {
  start: string;
  /** Extra environment for every function (REMINDER_*)… */
  env?: Record<string, string>;
  /** …and for single functions, over it. */
  functionEnv?: Record<string, Record<string, string>>;
  /** Also configure a form template and let templateMessage.send behave as in 2019. */
  legacyForms?: boolean;
  /** The account's templates over the deployment's (local/deployment.ts). */
  templates?: Record<string, TemplateSpec>;
  timeoutMs?: number;
  /** Per-function timeouts (the console's 超时时间), e.g. `{ sendReminders: 3000 }`. */
  functionTimeoutMs?: Record<string, number>;
}

export interface SeedUser {
  openid: string;
  subscribe?: number;
  /** The template the subscribe grants are for (default the deployment's). */
  template?: string;
  /** How many form credits, or when each was collected. */
  forms?: number | Date[];
  /** Fields over newUser's defaults. */
  user?: Partial<UserDoc>;
  /** When the credits were collected (default: now). */
  collectedAt?: Date;
}

export interface ReminderCloud {
  readonly emulator: Emulator;
  readonly clock: Clock;
  at(instant: string | Date): void;
  /** Moves the clock to `hour`:`minute` (Shanghai) of the current date (forward only). */
  atHour(hour: number, minute?: number): void;
  /** Moves the clock past the expiry of every claim a sendReminders invocation made so far (its time limit + margin). */
  pastClaims(): void;
  /** Empties everything (data, WeChat, faults, latency, counts) and moves to the next date at `hour`:minute (Shanghai). */
  freshDay(hour?: number, minute?: number): LocalDate;
  /** Waits until no sendReminders instance is busy (continuations run after their run answered). */
  settle(): Promise<void>;
  now(): Date;
  today(): LocalDate;
  /** Fires the timer: a run, as the trigger starts it. */
  run(options?: { timeoutMs?: number }): Promise<TimerFiring>;
  /** The run's answer, or a failure naming what went wrong. */
  runAnswer(options?: { timeoutMs?: number }): Promise<Answer>;
  seed(users: SeedUser[]): void;
  /** Invokes a function as its timer trigger does (SOURCE wx_trigger) and answers its answer. */
  timer(name: string, event?: unknown): Promise<Answer>;
  call(name: string, event: unknown, openid: string | null): Promise<Answer>;
  find(collection: string, query?: Record<string, unknown>): Doc[];
  user(openid: string): Doc;
  outbox(): ReturnType<Emulator['backend']['wechat']['outbox']>;
  /** Messages per (user, Shanghai date). */
  remindersPerUserDay(): Map<string, number>;
  dbRequests(): number;
  close(): Promise<void>;
}

export async function startReminderCloud(options: ReminderCloudOptions): Promise<ReminderCloud> {
  const clock = virtualClock(new Date(options.start), { flowing: false });
  const deployment = projectDeployment({
    channels: { subscribe: true, form: options.legacyForms === true },
    templateMessageMode: options.legacyForms ? 'legacy' : 'retired',
    ...(options.env ? { env: options.env } : {}),
    ...(options.functionEnv ? { functionEnv: options.functionEnv } : {}),
    ...(options.templates ? { templates: options.templates } : {}),
  });
  const emulator = await startEmulator({ ...deployment, clock, dataDir: null, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.functionTimeoutMs ? { functionTimeoutMs: options.functionTimeoutMs } : {}) });
  const { db, wechat } = emulator.backend;
  const tz = 'Asia/Shanghai';
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const find = (collection: string, query: Record<string, unknown> = {}) => (db.collections().includes(collection) ? (db.find(collection, query) as Doc[]) : []);

  const cloud: ReminderCloud = {
    emulator,
    clock,
    at: (instant) => clock.set(new Date(instant)),
    atHour: (hour, minute = 0) => clock.set(new Date(atLocalHour(localDate(clock.now(), tz), hour, tz).getTime() + minute * 60_000)),
    pastClaims() {
      clock.advance(emulator.host.configuration('sendReminders').timeoutMs + CLAIM_MARGIN_MS + 1000);
    },
    freshDay(hour = 10, minute = 0) {
      emulator.backend.wipe(); // the deployment's indexes and WeChat account stay
      emulator.backend.instrument.clearFaults();
      emulator.backend.instrument.resetCounts();
      for (const pattern of ['wx.openApi:*', 'database.*']) emulator.backend.instrument.setLatency(pattern, 0);
      const next = addDays(localDate(clock.now(), tz), 1);
      clock.set(atLocalHour(next, hour, tz));
      if (minute) clock.advance(minute * 60_000);
      return next;
    },
    async settle() {
      for (let quiet = 0; quiet < 3; ) {
        await sleep(100);
        quiet = emulator.host.instances().some((i) => i.name === 'sendReminders' && i.busy) ? 0 : quiet + 1;
      }
    },
    now: () => clock.now(),
    today: () => localDate(clock.now(), tz),
    async run(runOptions = {}) {
      const r = await emulator.host.invoke('sendReminders', { Type: 'Timer', TriggerName: 'reminders', Time: clock.now().toISOString().replace(/\.\d+Z$/, 'Z') }, { source: 'wx_trigger', ...runOptions });
      return { functionName: 'sendReminders', triggerName: 'reminders', scheduledAt: clock.now(), startedAt: clock.now(), ok: r.ok, timedOut: r.timedOut, durationMs: r.durationMs, result: r.result, instanceId: r.instanceId, ...(r.error ? { error: r.error } : {}) };
    },
    async runAnswer(runOptions) {
      const firing = await cloud.run(runOptions);
      if (!firing.ok) throw new Error(`sendReminders did not answer: ${firing.error ?? ''}`);
      return firing.result;
    },
    seed(users) {
      const now = clock.now();
      const docs: UserDoc[] = [];
      const credits: CreditDoc[] = [];
      for (const s of users) {
        const collectedAt = s.collectedAt ?? now;
        const forms = typeof s.forms === 'number' ? Array.from({ length: s.forms }, () => collectedAt) : (s.forms ?? []);
        const hasCredits = (s.subscribe ?? 0) + forms.length > 0;
        docs.push({ ...newUser(s.openid, collectedAt), ...(hasCredits ? { nextRemindDate: localDate(collectedAt, tz) } : {}), ...s.user });
        if (s.subscribe) {
          const template = s.template ?? SUBSCRIBE_TEMPLATE;
          wechat.grantSubscribe(s.openid, template, s.subscribe);
          for (let n = 0; n < s.subscribe; n++) credits.push(newSubscribeCredit(s.openid, template, collectedAt, `seed-${s.openid}-${template}`, n));
        }
        // WeChat counts a form id's 7 days from the submit (now here); ours from when it was collected.
        for (const at of forms) credits.push(newFormCredit(s.openid, wechat.issueFormId(s.openid), at, at, `seed-${s.openid}`));
      }
      if (docs.length) db.insert('users', docs.map((d) => ({ ...d })));
      if (credits.length) db.insert('credits', credits.map((c) => ({ ...c })));
    },
    async timer(name, event = { Type: 'Timer', TriggerName: 'test', Time: clock.now().toISOString().replace(/\.\d+Z$/, 'Z') }) {
      const r = await emulator.host.invoke(name, event, { source: 'wx_trigger' });
      if (!r.ok) throw new Error(`${name} did not answer: ${r.error ?? ''}`);
      return r.result;
    },
    async call(name, event, openid) {
      const r = await emulator.invoke(name, event, openid === null ? {} : { openid });
      if (!r.ok) throw new Error(`${name} did not answer: ${r.error ?? ''}`);
      return r.result;
    },
    find,
    user(openid) {
      const [doc] = find('users', { _id: openid });
      if (!doc) throw new Error(`users/${openid} does not exist`);
      return doc;
    },
    outbox: () => wechat.outbox(),
    remindersPerUserDay() {
      const per = new Map<string, number>();
      for (const m of wechat.outbox()) {
        const key = `${m.touser}@${localDate(new Date(m.at), tz)}`;
        per.set(key, (per.get(key) ?? 0) + 1);
      }
      return per;
    },
    dbRequests: () => Object.entries(emulator.backend.instrument.counts()).filter(([k]) => k.startsWith('database.')).reduce((n, [, c]) => n + c, 0),
    close: () => emulator.close(),
  };
  return cloud;
}

/** Users `prefix-0` … with `credits` subscribe credits each. */
export function manyUsers(n: number, prefix = 'o-user', subscribe = 1, user?: Partial<UserDoc>): SeedUser[] {
  return Array.from({ length: n }, (_, i) => ({ openid: `${prefix}-${String(i).padStart(5, '0')}`, subscribe, ...(user ? { user } : {}) }));
}

export { addDays };
