// Which users each sendReminders run took on, read from the database right after the run: a run
// claims a user-day by writing its run id into the user's `remind` (docs/data-model.md "Claims"),
// and every way the run ends with that user keeps the id there. A later run may overwrite it, so
// the simulation reads it after each firing, for every run the run log shows as done.
import type { BackendDb } from 'wx-cloud-emulator/backend';
import { REMINDER_RUNS, USERS } from '../../src/store/collections';

export class ClaimObserver {
  /** Run id → ids of the users holding that run's claim when it was first seen done. */
  readonly byRun = new Map<string, string[]>();

  constructor(private readonly db: BackendDb) {}

  observe(): void {
    if (!this.db.collections().includes(REMINDER_RUNS)) return;
    for (const run of this.db.find(REMINDER_RUNS, { state: 'done' })) {
      if (this.byRun.has(run._id)) continue;
      this.byRun.set(run._id, this.db.find(USERS, { 'remind.runId': run._id }).map((u) => u._id));
    }
  }
}
