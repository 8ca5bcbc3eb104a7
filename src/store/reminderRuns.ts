// `reminderRuns`: one document per sendReminders run, `_id` = the run id (docs/reminders.md
// "Run log"). Written when a run with candidates starts (`running`) and again when it ends, so a
// run whose instance died shows up as one that never finished.
import { withCollection } from '../wechat/database';
import type { Database } from '../wechat/types';
import { REMINDER_RUNS } from './collections';

export async function startRunLog(db: Database, runId: string, fields: Record<string, unknown>): Promise<void> {
  await withCollection(db, () => db.collection(REMINDER_RUNS).add({ data: { _id: runId, state: 'running', ...fields } }), REMINDER_RUNS);
}

/** The run's final figures; nested objects replace what was stored (db.command.set). */
export async function finishRunLog(db: Database, runId: string, fields: Record<string, unknown>, started: boolean): Promise<void> {
  const _ = db.command;
  if (!started) {
    await withCollection(db, () => db.collection(REMINDER_RUNS).add({ data: { _id: runId, state: 'done', ...fields } }), REMINDER_RUNS);
    return;
  }
  const data: Record<string, unknown> = { state: 'done' };
  for (const [key, value] of Object.entries(fields)) data[key] = value !== null && typeof value === 'object' && !(value instanceof Date) ? _.set(value) : value;
  await db.collection(REMINDER_RUNS).where({ _id: runId }).update({ data });
}
