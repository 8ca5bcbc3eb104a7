// A sendReminders run (docs/reminders.md): the timer's invocation decides whether anything can be
// sent, counts the candidates, and either reminds them itself or fans out to workers — the same
// function, called with a worker order per range of user shards — then writes the run log.
import type { ChannelsReport, InstanceFigures, ReminderRunReport, ReminderWorkerReport, Tally } from '../contract';
import { runBudget } from '../domain/claims';
import { inSendWindow } from '../domain/due';
import { continuationEvent, MAX_CONTINUATIONS, orderEvent, type WorkerOrder } from '../domain/events/sendRemindersEvent';
import { shardList, shardRanges } from '../domain/fanOut';
import { localDate, localHour, type LocalDate } from '../domain/time';
import { ensureDailyStats } from '../store/dailyStats';
import { finishRunLog, startRunLog } from '../store/reminderRuns';
import { countCandidates } from '../store/users/reminders';
import { SHARDS } from '../store/users';
import { Channels, channelsReportOf, mergeChannelReports, openChannels } from './channels';
import { errorText, newRunId, runContext, type RunDeps } from './context';
import { closedChannels } from './retirement';
import { addTally, emptyTally, tallyOf } from './tally';
import { runShards } from './worker';

/** Calls this function with `event` and answers what it answered (or throws, also on timeout). */
export type InvokeSelf = (event: Record<string, unknown>, timeoutMs: number) => Promise<unknown>;

const ALL_SHARDS = shardList([0, SHARDS - 1]);
const FUNCTION_NAME = 'sendReminders';
/**
 * A worker may answer this long after its budget (sends in flight, the last writes). The run waits
 * at most budget + grace = 50 s by default, which leaves the 60 s timeout room for its own finish.
 */
export const WORKER_GRACE_MS = 10_000;
/**
 * A continuation is started, not awaited: the call is given this long to reach the platform and
 * then abandoned (the SDK reports a timeout; the callee runs on as its own invocation).
 */
export const CONTINUATION_HANDOFF_MS = 3000;
/** A call the SDK gave up on: "timed out", "timeout", ESOCKETTIMEDOUT, ETIMEDOUT. */
const TIMED_OUT_RE = /timed? ?out/i;

interface Part {
  tally: Tally;
  channels: ChannelsReport | null;
  problems: string[];
  figures: InstanceFigures;
}

/**
 * The work of one worker order (also what a run does itself when it does not fan out). Its budget
 * also ends where the run's does (`at` + REMINDER_RUN_BUDGET_MS): a worker whose instance started
 * late — cold starts queue on a busy platform — still answers before the run stops waiting for it.
 */
async function work(deps: RunDeps, order: WorkerOrder): Promise<Part> {
  const started = deps.elapsedMs();
  const shards: [number, number] = [order.shards[0], order.shards[1]];
  const limit = runBudget(deps.config.runBudgetMs, deps.limits.timeLimitMs, FUNCTION_NAME);
  const date = localDate(order.at, deps.config.timezone);
  if (!limit.ok) return { tally: emptyTally(), channels: new Channels(deps.config, {}, date, 'not-read').report(), problems: [limit.problem], figures: { shards, due: 0, sent: 0, durationMs: 0 } };
  const channels = await openChannels(deps, order.closed, date);
  // The run's own end (its instant + the budget this function allows), also for a worker that started late.
  const runLeft = order.at.getTime() + limit.budgetMs - deps.clock().getTime();
  const budgetMs = Math.max(0, Math.min(order.budgetMs, runLeft));
  const ctx = runContext(deps, { runId: order.runId, at: order.at, budgetMs, channels });
  const tally = await runShards(ctx, shardList(order.shards));
  const figures = { shards, due: tally.due, sent: tally.sent, durationMs: Math.round(deps.elapsedMs() - started) };
  return { tally, channels: channels.report(), problems: channels.problems(), figures };
}

export async function runWorker(deps: RunDeps, order: WorkerOrder): Promise<ReminderWorkerReport> {
  const { tally, channels, problems } = await work(deps, order);
  return { ok: true, runId: order.runId, shards: [order.shards[0], order.shards[1]], ...tally, durationMs: Math.round(deps.elapsedMs()), channels: channels!, problems };
}

export async function runReminders(deps: RunDeps, invoke: InvokeSelf, trigger: Record<string, unknown>, round = 0): Promise<ReminderRunReport> {
  const { db, config } = deps;
  const at = deps.clock();
  const today = localDate(at, config.timezone);
  const hour = localHour(at, config.timezone);
  const runId = newRunId(at, deps.random);
  const answer = (tally: Tally, more: Partial<ReminderRunReport> & Pick<ReminderRunReport, 'channels' | 'problems'>): ReminderRunReport => ({
    ok: true, date: today, hour, ...tally, durationMs: Math.round(deps.elapsedMs()), runId, candidates: 0, workers: 0, instances: [], quietHours: false, round, continued: false, ...more,
  });
  const log = (a: ReminderRunReport, started: boolean) =>
    writeLog(a, () => finishRunLog(db, runId, {
      date: a.date, hour: a.hour, trigger, round, continued: a.continued, startedAt: at, finishedAt: deps.clock(), candidates: a.candidates, workers: a.workers,
      due: a.due, sent: a.sent, heldOut: a.heldOut, failed: a.failed, failedBy: a.failedBy, skipped: a.skipped, skippedBy: a.skippedBy,
      remaining: a.remaining, durationMs: a.durationMs, instances: a.instances, channels: a.channels, problems: a.problems,
    }, started));

  const unread = () => new Channels(config, {}, today, 'not-read').report();
  if (!inSendWindow(hour, config.window)) return answer(emptyTally(), { quietHours: true, channels: unread(), problems: [] });
  // A time limit too short for any work (the console's default 3 s): claim nothing, say so, and finish well inside it.
  const budget = runBudget(config.runBudgetMs, deps.limits.timeLimitMs, FUNCTION_NAME);
  if (!budget.ok) {
    const result = answer(emptyTally(), { channels: unread(), problems: [budget.problem] });
    await log(result, false);
    console.error(`[sendReminders] run ${runId}: ${budget.problem}`);
    return result;
  }

  // Without these two reads the run cannot start; a failure is retried before the run gives up.
  const closed = await retried(deps, () => closedChannels(deps, today, true));
  const channels = await openChannels(deps, closed, today);
  const candidates = channels.anyOpen() ? await retried(deps, () => countCandidates(db, ALL_SHARDS, today)) : 0;
  if (candidates === 0) {
    const result = answer(emptyTally(), { channels: channels.report(), problems: channels.problems() });
    await log(result, false);
    return result;
  }

  const problems: string[] = [];
  // The figures and the log are worth having, not worth skipping the run for.
  await ensureDailyStats(db, today, at).catch((error: unknown) => problems.push(`could not create the daily figures: ${errorText(error)}`));
  const started = await startRunLog(db, runId, { date: today, hour, trigger, round, startedAt: at, candidates }).then(
    () => true,
    (error: unknown) => (problems.push(`could not start the run log: ${errorText(error)}`), false),
  );
  const ranges = shardRanges(candidates, config, SHARDS);
  const order = (shards: [number, number]): WorkerOrder => ({ runId, at, shards, budgetMs: Math.max(1000, budget.budgetMs - Math.round(deps.elapsedMs())), closed });
  const parts = ranges.length === 1 ? [await work(deps, order([0, SHARDS - 1]))] : await Promise.all(ranges.map((range) => callWorker(deps, invoke, order(range), today)));

  for (const p of parts.flatMap((part) => part.problems)) if (!problems.includes(p)) problems.push(p);
  const result = answer(parts.reduce((sum, part) => addTally(sum, part.tally), emptyTally()), {
    candidates,
    workers: ranges.length,
    instances: parts.map((part) => part.figures),
    channels: mergeChannelReports(parts.flatMap((part) => (part.channels ? [part.channels] : []))) ?? channels.report(),
    problems,
  });
  // Stopped at the budget: the next run of the chain starts now rather than at the next firing.
  if (result.remaining > 0 && round < MAX_CONTINUATIONS) result.continued = await startContinuation(invoke, round + 1, result.problems);
  await log(result, started);
  if (result.problems.length > 0) console.error(`[sendReminders] run ${runId}: ${result.problems.join(' | ')}`);
  return result;
}

async function retried<T>(deps: RunDeps, op: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await deps.sleep(200 * attempt);
    }
  }
}

async function writeLog(result: ReminderRunReport, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    result.problems.push(`could not write the run log: ${errorText(error)}`);
  }
}

/** True when the continuation is on its way (or already done). */
async function startContinuation(invoke: InvokeSelf, round: number, problems: string[]): Promise<boolean> {
  try {
    await invoke(continuationEvent(round), CONTINUATION_HANDOFF_MS);
    return true;
  } catch (error) {
    // Expected: the caller stops waiting; the continuation runs as its own invocation.
    if (TIMED_OUT_RE.test(errorText(error))) return true;
    problems.push(`could not start continuation ${round}: ${errorText(error)}; the next firing takes the users left`);
    return false;
  }
}

/** One worker's figures; a worker that failed leaves its shards' candidates as `remaining`. */
async function callWorker(deps: RunDeps, invoke: InvokeSelf, order: WorkerOrder, today: LocalDate): Promise<Part> {
  const [from, to] = order.shards;
  let failure: string;
  try {
    const answer = (await invoke(orderEvent(order), order.budgetMs + WORKER_GRACE_MS)) as Record<string, unknown> | null;
    const tally = tallyOf(answer);
    if (tally) {
      const problems = Array.isArray(answer?.problems) ? answer.problems.filter((p): p is string => typeof p === 'string') : [];
      const durationMs = typeof answer?.durationMs === 'number' ? answer.durationMs : null;
      return { tally, channels: channelsReportOf(answer?.channels), problems, figures: { shards: [from, to], due: tally.due, sent: tally.sent, durationMs } };
    }
    failure = `answered ${JSON.stringify(answer).slice(0, 200)}`;
  } catch (error) {
    failure = `failed: ${errorText(error)}`;
  }
  const tally = emptyTally();
  // A worker that did not answer in time may still be working: counting its users now would cost
  // time the run no longer has (its continuation, its log). Unknown, but not nothing.
  const late = TIMED_OUT_RE.test(failure);
  try {
    tally.remaining = late ? 1 : await countCandidates(deps.db, shardList(order.shards), today);
  } catch {
    tally.remaining = 1;
  }
  return {
    tally,
    channels: null,
    problems: [`the worker for shards ${from}-${to} ${failure}; the next run takes its users`],
    figures: { shards: [from, to], due: 0, sent: 0, durationMs: null },
  };
}

