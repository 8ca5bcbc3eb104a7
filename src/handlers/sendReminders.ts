// sendReminders (DESIGN.md §2; docs/reminders.md): the timer starts a run; a run may call this
// same function with worker orders to fan out. timerOnly (in the entry) refuses every client.
import type { ReminderRunReport, ReminderWorkerReport, TimerEvent } from '../contract';
import { ORDER_MAX_AGE_MS, parseSendRemindersEvent } from '../domain/events/sendRemindersEvent';
import { RUN_CONFIG, type RunDeps } from '../reminders/context';
import { runReminders, runWorker } from '../reminders/run';
import { SHARDS } from '../store/users';
import { validated } from './input';
import { handler } from './serve';

const FUNCTION_NAME = 'sendReminders';

/** The timer event's own fields, kept in the run log (the platform's, not trusted for anything). */
function triggerOf(event: unknown): Partial<Record<keyof TimerEvent, string>> {
  const e = (event ?? {}) as Record<string, unknown>;
  const out: Partial<Record<keyof TimerEvent, string>> = {};
  for (const key of ['Type', 'TriggerName', 'Time'] as const) if (typeof e[key] === 'string') out[key] = (e[key] as string).slice(0, 100);
  return out;
}

export const sendReminders = handler(RUN_CONFIG)<ReminderRunReport | ReminderWorkerReport>(async ({ event, config, platform, now, clock, elapsedMs, sleep, random, limits }) => {
  const request = validated(parseSendRemindersEvent(event, now, { shardCount: SHARDS, maxBudgetMs: 840_000, maxSkewMs: ORDER_MAX_AGE_MS }));
  const deps: RunDeps = {
    db: platform.db,
    messenger: platform.messenger,
    config,
    clock,
    elapsedMs,
    sleep,
    random,
    limits,
  };
  if (request.kind === 'worker') return runWorker(deps, request.order);
  return runReminders(deps, (data, timeoutMs) => platform.callFunction(FUNCTION_NAME, data, { timeoutMs }), triggerOf(event), request.round);
});
