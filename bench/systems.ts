// The systems the benchmark runs on the same emulator: ours (the deployable sendReminders), ours
// on a day after WeChat retired template messages (half the users hold only form ids), the 2019
// article's send task as written, and the same with its paging/await bugs fixed. Each knows its
// functions, indexes, configuration and data, and how it records who was reminded.
import { join } from 'node:path';
import type { Emulator, EmulatorOptions } from 'wx-cloud-emulator';
import type { InvocationRecord } from 'wx-cloud-emulator/host';
import { projectDeployment, TEMPLATES } from '../local/deployment';
import { loadConfig } from '../src/config';
import { isDue } from '../src/domain/due';
import { QUESTION_BANK } from '../src/domain/questions/bank';
import { questionOfDay } from '../src/domain/questions/questionOfDay';
import { addDays, localDate } from '../src/domain/time';
import { CREDITS, USERS } from '../src/store/collections';
import { newFormCredit, newSubscribeCredit } from '../src/store/credits';
import { newUser, SHARDS } from '../src/store/users';
import { shardRanges } from '../src/domain/fanOut';
import { BASELINE_FUNCTIONS, buildBaseline } from './baseline/build';
import { FORM_IDS, PUSH_STATUS } from './baseline/shared';

export type SystemId = 'ours' | 'ours-retired' | 'article' | 'article-fixed';
export const SYSTEM_IDS: readonly SystemId[] = ['ours', 'ours-retired', 'article', 'article-fixed'];
/** Our function, in either scenario. */
export const isOurs = (id: SystemId) => id === 'ours' || id === 'ours-retired';

/** Which credits our users hold: subscribe grants (what delivers today) or form ids (legacy WeChat). */
export type Channel = 'subscribe' | 'form';

export interface SeedOptions {
  users: number;
  creditsPerUser: number;
  channel: Channel;
  baselineConcurrency: number;
}

export interface Deployment {
  /** The function the timer fires. */
  functionName: string;
  /** The functions, their console variables, the indexes and WeChat's side, as the emulator takes them. */
  emulator: Required<Pick<EmulatorOptions, 'functionsDir' | 'functionEnv' | 'indexes' | 'account'>>;
}

export interface System {
  id: SystemId;
  label: string;
  /** Ours fires again (its next hourly firing) until nobody is left; the article's task runs once a day. */
  refires: boolean;
  /** Fires every hour to the end of the date, also when a firing reminds nobody (some users can never be). */
  wholeDay?: boolean;
  /** Whether a message can reach seeded user i (not when they hold only credits of a retired channel). */
  canReach(i: number): boolean;
  deploy(workDir: string, options: SeedOptions): Promise<Deployment>;
  /** Seeds `users` due users straight into the backend and WeChat's memory of their grants / form ids. */
  seed(emu: Emulator, options: SeedOptions): void;
  /** Users the system's own records say were reminded today (the database side of the check). */
  marked(emu: Emulator): number;
  /** Instances the design reminds `users` due users with at once (the 100k projection's fan-out). */
  designFanOut(users: number, env: Record<string, string>): number;
  /** An invocation that only handed its work to others: its time is not sending time. */
  isCoordinator(record: InvocationRecord, all: readonly InvocationRecord[]): boolean;
  /** Seeded user `i` answers today's question through the system's own check-in (the article's port has none). */
  checkIn?(emu: Emulator, i: number): Promise<void>;
}

const BATCH = 1000;
/** The 2019 port's template-message template (it sends keyword1..keyword4). */
const ARTICLE_TEMPLATE = 'ARTICLE_FORM_TPL';

/** The OPENID of seeded user i. */
export const openidOf = (i: number) => `obench${String(i).padStart(22, '0')}`;

/** Inserts `make(i)` for i in [0, n) in batches (one log line per batch). */
function insertAll(emu: Emulator, collection: string, n: number, make: (i: number) => Array<Record<string, unknown>>): void {
  for (let from = 0; from < n; from += BATCH) {
    const docs: Array<Record<string, unknown>> = [];
    for (let i = from; i < Math.min(n, from + BATCH); i++) docs.push(...make(i));
    emu.backend.db.insert(collection, docs);
  }
}

/** Half checked in yesterday (a streak up to 30, at 9 o'clock: their effective hour is 8), half never. */
function seedUsers(emu: Emulator, users: number): void {
  const now = emu.clock.now();
  const today = localDate(now);
  const yesterday = addDays(today, -1);
  const config = loadConfig(['window', 'defaultHour', 'timezone'], {});
  const history = (streak: number) => {
    const recentCheckIns = Array.from({ length: Math.min(streak, 14) }, (_, k) => ({ date: addDays(yesterday, -k), hour: 9 })).reverse();
    const summary = streak ? { lastCheckInDate: yesterday, streak, recentCheckIns, checkIns: streak, correct: streak, points: 10 * streak } : {};
    const due = isDue({ enabled: true, chosenHour: null, lastCheckInDate: streak ? yesterday : null, lastRemindedDate: null, recentCheckIns, hasUsableCredit: true }, now, config);
    if (!due.due) throw new Error(`a seeded user (streak ${streak}) is not due at ${now.toISOString()} (${due.reason}): start inside the send window`);
    return summary;
  };
  const histories = Array.from({ length: 31 }, (_, streak) => history(streak));
  insertAll(emu, USERS, users, (i) => {
    const streak = i % 2 === 0 ? 1 + (i % 30) : 0;
    return [{ ...newUser(openidOf(i), now), nextRemindDate: today, creditsRev: 1, ...histories[streak] }];
  });
}

/** User i's credits on one channel, with WeChat's side to match (a grant, or form ids it issued). */
function creditsOf(emu: Emulator, i: number, channel: Channel, n: number): Array<Record<string, unknown>> {
  const now = emu.clock.now();
  const openid = openidOf(i);
  const wechat = emu.backend.wechat;
  if (channel === 'subscribe') {
    wechat.grantSubscribe(openid, TEMPLATES.subscribe.id, n);
    return Array.from({ length: n }, (_, k) => ({ ...newSubscribeCredit(openid, TEMPLATES.subscribe.id, now, `bench${i}`, k) }));
  }
  return Array.from({ length: n }, () => ({ ...newFormCredit(openid, wechat.issueFormId(openid), now, now, `bench${i}`) }));
}

const oursCommon = {
  marked: (emu: Emulator) => emu.backend.db.count(USERS, { lastRemindedDate: localDate(emu.clock.now()) }),
  // The run counts its candidates and fans out over shard ranges (src/domain/fanOut.ts).
  designFanOut: (users: number, env: Record<string, string>) => shardRanges(users, loadConfig(['usersPerWorker', 'maxWorkers'], env), SHARDS).length,
  // A run (timer or continuation) that fanned out: its answer says so, or — killed before it could
  // answer — workers started while it ran. Workers carry a `worker` order (docs/reminders.md).
  isCoordinator(record: InvocationRecord, all: readonly InvocationRecord[]) {
    const isWorker = (r: InvocationRecord) => typeof r.event === 'object' && r.event !== null && 'worker' in r.event;
    if (isWorker(record)) return false;
    const workers = (record.result.result as { workers?: unknown } | null)?.workers;
    if (record.result.ok && typeof workers === 'number') return workers > 1;
    return all.some((x) => isWorker(x) && x.startedAtMs >= record.startedAtMs && x.startedAtMs <= record.endedAtMs);
  },
};

/**
 * A day after WeChat retired template messages (45103, as since 2020): both channels configured,
 * even users hold subscribe credits, odd users only form ids. The retirement is found by the day's
 * first form send and remembered (reminderState); the form-only users stay due all day and must
 * cost next to nothing at every hourly firing (DESIGN §5: ≤ 1.2 requests per due user).
 */
const oursRetired: System = {
  id: 'ours-retired',
  label: 'ours, template messages retired, half the users form-only',
  refires: true,
  wholeDay: true,
  canReach: (i) => i % 2 === 0,
  async deploy() {
    return { functionName: 'sendReminders', emulator: projectDeployment({ channels: { subscribe: true, form: true }, templateMessageMode: 'retired' }) };
  },
  seed(emu, { users, creditsPerUser }) {
    seedUsers(emu, users);
    insertAll(emu, CREDITS, users, (i) => creditsOf(emu, i, i % 2 === 0 ? 'subscribe' : 'form', creditsPerUser));
  },
  ...oursCommon,
};

const ours: System = {
  id: 'ours',
  label: 'ours (sendReminders)',
  refires: true,
  canReach: () => true,
  async deploy(_workDir, options) {
    const form = options.channel === 'form';
    return {
      functionName: 'sendReminders',
      // Only the channel whose credits the users hold; form ids need 2019's template messages.
      emulator: projectDeployment({ channels: form ? { form: true } : { subscribe: true }, templateMessageMode: form ? 'legacy' : 'retired' }),
    };
  },
  seed(emu, { users, creditsPerUser, channel }) {
    seedUsers(emu, users);
    insertAll(emu, CREDITS, users, (i) => creditsOf(emu, i, channel, creditsPerUser));
  },
  ...oursCommon,
  async checkIn(emu, i) {
    const q = questionOfDay(localDate(emu.clock.now()), QUESTION_BANK);
    const run = await emu.invoke('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, { openid: openidOf(i) });
    const answer = run.result as { ok?: boolean } | null;
    if (!run.ok || answer?.ok !== true) throw new Error(`checkIn by ${openidOf(i)} failed: ${run.error ?? JSON.stringify(answer)}`);
  },
};

/** The article's `Today`: YYYYMMDD of the runtime's local date, which is UTC on the cloud. */
function articleToday(now: Date): number {
  return now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
}

function article(id: 'article' | 'article-fixed'): System {
  const functionName = id === 'article' ? BASELINE_FUNCTIONS.asWritten : BASELINE_FUNCTIONS.fixed;
  return {
    id,
    label: id === 'article' ? '2019 article, as written' : '2019 article, paging/await fixed',
    refires: false,
    canReach: () => true,
    async deploy(workDir, options) {
      const index = (fields: string[]) => ({ IndexName: fields.join('_'), MgoKeySchema: { MgoIndexKeys: fields.map((Name) => ({ Name, Direction: '1' })), MgoIsUnique: false } });
      return {
        functionName,
        emulator: {
          functionsDir: await buildBaseline(join(workDir, 'functions')),
          functionEnv: { [functionName]: { BASELINE_TEMPLATE_ID: ARTICLE_TEMPLATE, BASELINE_CONCURRENCY: String(options.baselineConcurrency) } },
          // The article's tables have only their keys (it says it left indexes out). The emulator gets
          // the indexes its queries need, so that what is measured is its request pattern, not full scans.
          indexes: {
            [PUSH_STATUS]: { CreateIndexes: [index(['user_id']), index(['count', 'last_date'])] },
            [FORM_IDS]: { CreateIndexes: [index(['user_id', 'status', 'expire'])] },
          },
          account: {
            templates: { [ARTICLE_TEMPLATE]: { kind: 'form', title: '签到提醒', content: '签到奖励:{{keyword1.DATA}}\n签到进度:{{keyword2.DATA}}\n温馨提示:{{keyword3.DATA}}\n日期:{{keyword4.DATA}}' } },
            templateMessageMode: 'legacy', // templateMessage.send answers 45103 today; the 2019 behaviour lets it deliver
          },
        },
      };
    },
    seed(emu, { users, creditsPerUser }) {
      const now = emu.clock.now();
      const wechat = emu.backend.wechat;
      insertAll(emu, PUSH_STATUS, users, (i) => [{ user_id: i + 1, count: creditsPerUser, last_date: 0 }]);
      insertAll(emu, FORM_IDS, users, (i) =>
        Array.from({ length: creditsPerUser }, () => {
          const open_id = openidOf(i);
          return { open_id, user_id: i + 1, form_id: wechat.issueFormId(open_id), expire: now.getTime() + 7 * 86_400_000, status: 0 };
        }),
      );
    },
    marked: (emu) => emu.backend.db.count(PUSH_STATUS, { last_date: articleToday(emu.clock.now()) }),
    designFanOut: () => 1, // one timer invocation does everything
    isCoordinator: () => false,
  };
}

export const SYSTEMS: Record<SystemId, System> = { ours, 'ours-retired': oursRetired, article: article('article'), 'article-fixed': article('article-fixed') };
