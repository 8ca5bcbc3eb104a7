// Records what happened to users and credits in groups: every queued outcome with the same write
// shares one request (docs/reminders.md "Requests"). Credits are written before users, so a run
// that dies between the two leaves credits that say what the user's stale claim needs to know.
import type { ClaimState } from '../domain/claims';
import type { CreditStatus } from '../domain/credits';
import type { LocalDate } from '../domain/time';
import { addDailyCounts } from '../store/dailyStats';
import { settleCredits } from '../store/credits/reminders';
import { markCreditless, markReminded, postponeToTomorrow, raiseNextRemindDate, releaseUsers, type Holder } from '../store/users/reminders';
import type { Database } from '../wechat/types';
import { errorText } from './context';

/** Flush once this many outcomes are waiting, or when this long has passed since the last flush. */
const FLUSH_AT = 100;
const FLUSH_EVERY_MS = 10_000;
const WRITE_ATTEMPTS = 3;

type SettledStatus = Extract<CreditStatus, 'used' | 'invalid' | 'unused'>;
type RemindedState = Extract<ClaimState, 'sent' | 'ambiguous'>;

interface RecorderDeps {
  db: Database;
  /** The invocation whose claims (of users and credits) the writes settle, and its run. */
  holder: Holder;
  today: LocalDate;
  clock: () => Date;
  elapsedMs: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Where a write that kept failing is reported. */
  problem: (message: string) => void;
}

class Groups<K> {
  private readonly map = new Map<string, { key: K; ids: string[] }>();
  add(key: K, id: string): void {
    const k = JSON.stringify(key);
    const g = this.map.get(k) ?? { key, ids: [] };
    g.ids.push(id);
    this.map.set(k, g);
  }
  get size(): number {
    let n = 0;
    for (const g of this.map.values()) n += g.ids.length;
    return n;
  }
  take(): Array<{ key: K; ids: string[] }> {
    const all = [...this.map.values()];
    this.map.clear();
    return all;
  }
}

export class Recorder {
  private credits = new Groups<{ status: SettledStatus; lastError: string | null }>();
  private reminded = new Groups<RemindedState>();
  private released = new Groups<null>();
  private creditlessHeld = new Groups<number>();
  private creditless = new Groups<number>();
  private raised = new Groups<'done-today' | 'disabled'>();
  private postponed = new Groups<number>();
  private counts = { reminded: 0, delivered: 0, heldOut: 0 };
  private flushing: Promise<void> | null = null;
  private lastFlush: number;

  constructor(private readonly deps: RecorderDeps) {
    this.lastFlush = deps.elapsedMs();
  }

  credit(id: string, status: SettledStatus, lastError: string | null): void {
    this.credits.add({ status, lastError }, id);
  }

  /** A user counted reminded today; `state` says whether WeChat accepted or the answer was lost. */
  remindedUser(id: string, state: RemindedState): void {
    this.reminded.add(state, id);
    this.counts.reminded += 1;
    if (state === 'sent') this.counts.delivered += 1;
  }

  /** An extra reminded user recorded elsewhere (a dead run's interrupted send) for the daily figures. */
  countReminded(n: number): void {
    this.counts.reminded += n;
  }

  /** Users held out today (written by preparePage): for the daily figures. */
  countHeldOut(n: number): void {
    this.counts.heldOut += n;
  }

  releasedUser(id: string): void {
    this.released.add(null, id);
  }

  /** No usable credit left: "never" unless a credit arrived since `creditsRev` was read. */
  creditlessUser(id: string, creditsRev: number, held: boolean): void {
    if (!held) return this.creditless.add(creditsRev, id);
    this.creditlessHeld.add(creditsRev, id);
    this.released.add(null, id); // ends the claim if creditsRev moved and the "never" did not apply
  }

  notDueToday(id: string, reason: 'done-today' | 'disabled'): void {
    this.raised.add(reason, id);
  }

  /** Only credits on channels closed for the day: tomorrow, unless a credit arrived since `creditsRev` was read. */
  closedToday(id: string, creditsRev: number): void {
    this.postponed.add(creditsRev, id);
  }

  pending(): number {
    return this.credits.size + this.reminded.size + this.released.size + this.creditlessHeld.size + this.creditless.size + this.raised.size + this.postponed.size;
  }

  /** Flushes when enough has piled up or enough time has passed. */
  async maybeFlush(): Promise<void> {
    if (this.pending() >= FLUSH_AT || (this.pending() > 0 && this.deps.elapsedMs() - this.lastFlush >= FLUSH_EVERY_MS)) await this.flush();
  }

  /** Writes everything queued (also what is queued while it writes). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending() === 0 && this.counts.reminded === 0 && this.counts.heldOut === 0) return;
    this.flushing = this.writeAll().finally(() => {
      this.flushing = null;
      this.lastFlush = this.deps.elapsedMs();
    });
    await this.flushing;
  }

  private async writeAll(): Promise<void> {
    const { db, holder, today } = this.deps;
    const now = this.deps.clock();
    const credits = this.credits.take();
    const creditlessHeld = this.creditlessHeld.take();
    const released = this.released.take();
    const reminded = this.reminded.take();
    const creditless = this.creditless.take();
    const raised = this.raised.take();
    const postponed = this.postponed.take();
    const counts = this.counts;
    this.counts = { reminded: 0, delivered: 0, heldOut: 0 };

    // Credits first: a user's stale claim is resolved by what its run's credits say.
    for (const { key, ids } of credits) {
      await this.write(`settle ${ids.length} credits as ${key.status}`, () => settleCredits(db, ids, holder.owner, key.status, key.lastError, now));
    }
    for (const { key, ids } of creditlessHeld) {
      await this.write(`mark ${ids.length} users without credits`, () => markCreditless(db, ids, key, now, { holder, today }));
    }
    for (const { ids } of released) await this.write(`release ${ids.length} users`, () => releaseUsers(db, ids, holder, today, now));
    for (const { key, ids } of reminded) await this.write(`mark ${ids.length} users reminded`, () => markReminded(db, ids, holder, today, key, now));
    for (const { key, ids } of creditless) await this.write(`mark ${ids.length} users without credits`, () => markCreditless(db, ids, key, now));
    for (const { key, ids } of raised) await this.write(`move on ${ids.length} users`, () => raiseNextRemindDate(db, ids, key, today, now));
    for (const { key, ids } of postponed) await this.write(`postpone ${ids.length} users to tomorrow`, () => postponeToTomorrow(db, ids, key, today, now));
    if (counts.reminded > 0 || counts.heldOut > 0) await this.write('add to the daily figures', () => addDailyCounts(db, today, counts, now));
  }

  /** Writes are conditional and idempotent, so a failed one is retried as it is. */
  private async write(what: string, op: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await op();
        return;
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS) {
          // What stays unwritten is safe: a stale claim and a `sending` credit count as reminded/used.
          this.deps.problem(`could not ${what} after ${attempt} attempts (${errorText(error)}); a later run resolves it`);
          return;
        }
        await this.deps.sleep(100 * 4 ** (attempt - 1));
      }
    }
  }
}
