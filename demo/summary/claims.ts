// Which users each sendReminders run took on, and which it held out, read from the database right
// after the run: a run claims a user-day by writing its run id into the user's `remind`
// (docs/data-model.md "Claims"), and every way the run ends with that user keeps the id there; a
// user-day it held out gets `remind.state: 'held-out'` (docs/holdout.md). A later run may overwrite
// it, so the simulation reads it after each firing, for every run the run log shows as done.
import type { BackendDb } from 'wx-cloud-emulator/backend';
import { REMINDER_RUNS, USERS } from '../../src/store/collections';

export interface HeldOutDay {
  openid: string;
  runId: string;
  date: string;
  /** When the reminder would have gone. */
  at: Date;
}

export class ClaimObserver {
  /** Run id → ids of the users holding that run's claim when it was first seen done. */
  readonly byRun = new Map<string, string[]>();
  /** Every user-day a run held out. */
  readonly heldOut: HeldOutDay[] = [];

  constructor(private readonly db: BackendDb) {}

  observe(): void {
    if (!this.db.collections().includes(REMINDER_RUNS)) return;
    for (const run of this.db.find(REMINDER_RUNS, { state: 'done' })) {
      if (this.byRun.has(run._id)) continue;
      const users = this.db.find(USERS, { 'remind.runId': run._id });
      const held = users.filter((u) => (u.remind as { state?: string }).state === 'held-out');
      this.byRun.set(run._id, users.filter((u) => !held.includes(u)).map((u) => u._id));
      for (const u of held) {
        const remind = u.remind as { date: string; at: Date };
        this.heldOut.push({ openid: u._id, runId: run._id, date: remind.date, at: remind.at });
      }
    }
  }
}
