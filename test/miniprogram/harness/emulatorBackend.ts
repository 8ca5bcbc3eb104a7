// The cloud behind the network, for real: the deployable bundles (cloudfunctions/<name>/index.js,
// built by `npm test` before jest) running with the real wx-server-sdk on the local emulator.
// The emulator runs in its own Node process (test/support/emulatorProcess.ts says why); this side
// forks it, sends each request over IPC (test/support/emulatorProtocol.ts) and reads the emulator's
// database and simulated WeChat through it.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CreditCounts } from '../../../src/contract';
import { QUESTION_BANK } from '../../../src/domain/questions/bank';
import type { CloudBackend, StoredCheckIn, StoredUser } from './backend';
import { READY, type CallOutcome, type EmulatorMethods as Methods, type Reply, type Request } from '../../support/emulatorProtocol';

type Rpc = <K extends keyof Methods>(method: K, ...args: Parameters<Methods[K]>) => Promise<Awaited<ReturnType<Methods[K]>>>;

const PROCESS = join(__dirname, '../../support/emulatorProcess.ts');

/** WeChat's stand-ins for a form id in DevTools and trial builds: nothing WeChat could send with. */
const PLACEHOLDER = /mock|no longer available/i;

/** Forks the emulator process; resolves once it listens for requests. */
async function startProcess(): Promise<{ rpc: Rpc; child: ChildProcess; exited: Promise<void> }> {
  const child = fork(PROCESS, [], {
    execArgv: ['--import', 'tsx'],
    // Structured clone: Dates travel as Dates (queries on expireAt, the clock).
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', (m) => (m === READY ? resolve() : reject(new Error(`the emulator process said ${String(m)} first`))));
    void exited.then(() => reject(new Error('the emulator process exited before it was ready')));
  });
  await ready;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  child.on('message', (reply: Reply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) w?.reject(new Error(`emulator: ${reply.error}`));
    else w?.resolve(reply.value);
  });
  void exited.then(() => {
    for (const w of waiting.values()) w.reject(new Error('the emulator process exited'));
    waiting.clear();
  });
  const rpc = ((method: keyof Methods, ...args: unknown[]) =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error(`the emulator process is gone (calling ${method})`));
      const id = ++next;
      waiting.set(id, { resolve, reject });
      child.send({ id, method, args } satisfies Request);
    })) as Rpc;
  return { rpc, child, exited };
}

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

export async function emulatorBackend(options: { openid: string; subscribeTemplateId: string; start: Date }): Promise<EmulatorBackend> {
  const { openid, subscribeTemplateId } = options;
  const { rpc, child, exited } = await startProcess();
  try {
    await rpc('start', { start: options.start, subscribeTemplateId });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }

  const find = (collection: string, query: Record<string, unknown>) => rpc('find', collection, { ...query, openid });
  /** Unused credits whose expireAt is after the emulator's now (docs/data-model.md: "live"). */
  const liveCredits = async () => find('credits', { status: 'unused', expireAt: { $gt: await rpc('now') } });

  return {
    openid,
    subscribeTemplateId,
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
      if (answer === 'accept' || answer === 'acceptWithAudio') await rpc('grantSubscribe', openid, templateId);
    },
    grantsLeft: () => rpc('remainingGrants', openid, subscribeTemplateId),

    setNow: (at) => rpc('setNow', at),
    async fireReminders() {
      const run = await rpc('fireTimer', 'sendReminders');
      const answer = run.result as { ok?: boolean } | null;
      if (!run.ok || answer?.ok !== true) throw new Error(`the reminder run failed: ${run.error ?? JSON.stringify(answer)}`);
    },
    failDatabase: (on) => rpc('failDatabase', on),
    processes: () => rpc('processes'),

    async close() {
      if (child.connected) await rpc('close');
      await exited;
    },
  };
}
