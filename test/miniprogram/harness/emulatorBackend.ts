// The cloud behind the network, for real: the deployable bundles (cloudfunctions/<name>/index.js,
// built by `npm test` before jest) running with the real wx-server-sdk on the local emulator,
// deployed as local/deployment.ts says. The emulator runs in its own Node process (see
// wx-cloud-emulator/process: a test that fakes Date cannot host it); this side sends each request
// over IPC and reads the emulator's database and simulated WeChat through it.
import { startEmulatorProcess, type CallOutcome } from 'wx-cloud-emulator/process';
import type { CreditCounts } from '../../../src/contract';
import { isGrant } from '../../../miniprogram/logic/creditRules';
import { projectDeployment, subscribeTemplates } from '../../../local/deployment';
import { QUESTION_BANK } from '../../../src/domain/questions/bank';
import type { CloudBackend, StoredCheckIn, StoredUser } from './backend';

/** WeChat's stand-ins for a form id in DevTools and trial builds: nothing WeChat could send with. */
const PLACEHOLDER = /mock|no longer available/i;
/** A read-only call of each function the mini-program calls, to start its instance. */
const WARM_UP = [
  { name: 'checkIn', event: { action: 'today' }, openid: 'o-warm-up' },
  { name: 'saveFormId', event: { formIds: [] }, openid: 'o-warm-up' },
  { name: 'reminderSettings', event: { action: 'get' }, openid: 'o-warm-up' },
];

/** The answer, or what wx.cloud.callFunction rejects with when the function does not exist or its run failed. */
function answerOf(name: string, outcome: CallOutcome): unknown {
  if (!outcome.found) {
    throw { errCode: -501000, errMsg: `cloud.callFunction:fail Error: errCode: -501000 | errMsg: [ResourceNotFound.FunctionName] FunctionName parameter could not be found. (${name})` };
  }
  if (!outcome.ok) throw { errCode: -504002, errMsg: `cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: ${outcome.error}` };
  return outcome.result;
}

export interface EmulatorBackend extends CloudBackend {
  /** The emulator's process, its function instances and its backend port (for the no-leftovers check). */
  processes(): Promise<{ pid: number; instancePids: number[]; port: number }>;
}

export interface EmulatorBackendOptions {
  openid: string;
  start: Date;
  /** Also configure the form template (the form channel is off by default, as the checked-in configuration has it). */
  formChannel?: boolean;
  /** How many of the account's subscribe templates the functions are configured with (1–3, default 1). */
  subscribeTemplates?: number;
}

/** The functions configured with the account's subscribe template(s), and with its form template when asked. */
export async function emulatorBackend(options: EmulatorBackendOptions): Promise<EmulatorBackend> {
  const { openid } = options;
  const subscribeTemplateIds = subscribeTemplates(options.subscribeTemplates ?? 1).map((t) => t.id);
  const subscribeTemplateId = subscribeTemplateIds[0]!;
  const deployment = projectDeployment({ subscribeTemplates: subscribeTemplateIds.length, ...(options.formChannel ? { channels: { subscribe: true, form: true } } : {}) });
  const emulator = await startEmulatorProcess({ start: options.start, emulator: deployment, warmUp: WARM_UP });
  const rpc = emulator.request;

  const find = (collection: string, query: Record<string, unknown>) => rpc('find', collection, { ...query, openid });
  /** Unused credits whose expireAt is after the emulator's now (docs/data-model.md: "live"). */
  const liveCredits = async () => find('credits', { status: 'unused', expireAt: { $gt: await rpc('now') } });

  return {
    openid,
    subscribeTemplateId,
    subscribeTemplateIds,
    reset: (start) => rpc('reset', start),

    call: async (name, data) => answerOf(name, await rpc('call', name, data, openid)),
    crash: (name, on) => rpc('crash', name, on),

    async checkIns() {
      const docs = await find('checkins', {});
      return docs
        .map((d): StoredCheckIn => ({ date: d.date as string, correct: d.correct as boolean }))
        .sort((a, b) => a.date.localeCompare(b.date));
    },
    async storedFormIds() {
      return (await liveCredits()).filter((c) => c.kind === 'form').map((c) => c.value as string);
    },
    async credits(): Promise<CreditCounts> {
      const live = await liveCredits();
      return { form: live.filter((c) => c.kind === 'form').length, subscribe: live.filter((c) => c.kind === 'subscribe').length };
    },
    async holdCredits(kind, n) {
      const at = await rpc('now');
      const expireAt = kind === 'form' ? new Date(at.getTime() + 3 * 86_400_000) : new Date('9999-12-31T00:00:00.000Z');
      const doc = () => {
        const value = kind === 'form' ? `history-${Math.random().toString(36).slice(2)}` : subscribeTemplateId;
        return { _id: `${kind}_history_${Math.random().toString(36).slice(2)}`, openid, kind, value, status: 'unused', expireAt, saveId: 'history', attempts: 0, createdAt: at, updatedAt: at };
      };
      await rpc('insert', 'credits', Array.from({ length: n }, doc));
    },
    async user() {
      const [doc] = await rpc('find', 'users', { _id: openid });
      if (!doc) return null;
      const { enabled, hour, streak, lastCheckInDate, lastRemindedDate } = doc as unknown as StoredUser;
      return { enabled, hour, streak, lastCheckInDate, lastRemindedDate };
    },
    async correctChoice(questionId) {
      const question = QUESTION_BANK.find((q) => q.id === questionId);
      if (!question) throw new Error(`no question ${questionId} in the bank`);
      return question.answer;
    },

    async formIdIssued(value) {
      if (!PLACEHOLDER.test(value)) await rpc('issueFormId', openid, value);
    },
    async subscribeAnswered(templateId, answer) {
      if (isGrant(answer)) await rpc('grantSubscribe', openid, templateId);
    },
    grantsLeft: (templateId = subscribeTemplateId) => rpc('remainingGrants', openid, templateId),

    setNow: (at) => rpc('setNow', at),
    async fireReminders() {
      const run = await rpc('fireTimer', 'sendReminders');
      const answer = run.result as { ok?: boolean } | null;
      if (!run.ok || answer?.ok !== true) throw new Error(`the reminder run failed: ${run.error ?? JSON.stringify(answer)}`);
    },
    failDatabase: (on) => rpc('failDatabase', on),
    processes: () => rpc('processes'),

    close: () => emulator.close(),
  };
}
