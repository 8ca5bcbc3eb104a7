// The simulation's agenda: visits kept in time order (ties by user), so that a run visits users in
// the same order whatever order the visits were planned in. Visits happen half a minute past the
// minute: timers fire on whole minutes, and a function's clock runs on during its invocation, so a
// visit at a fire time could land before or after the timer's reading depending on machine speed.

export interface Visit {
  at: number;
  user: number;
}

const MINUTE = 60_000;

const HALF_MINUTE = 30_000;

/** The first instant at or after `t` that is half a minute past a minute. */
export const visitTime = (t: number) => Math.ceil((t - HALF_MINUTE) / MINUTE) * MINUTE + HALF_MINUTE;

const before = (a: Visit, b: Visit) => a.at < b.at || (a.at === b.at && a.user < b.user);

export class Agenda {
  private readonly items: Visit[] = [];

  add(visit: Visit): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.items[mid] as Visit, visit)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, visit);
  }

  /** Time of the earliest visit, or null. */
  peek(): number | null {
    return this.items[0]?.at ?? null;
  }

  /** Every visit at the earliest time, one per user (a second visit at the same minute is the same visit). */
  takeEarliest(): Visit[] {
    const at = this.peek();
    if (at === null) return [];
    let n = 0;
    while (n < this.items.length && (this.items[n] as Visit).at === at) n++;
    const taken = this.items.splice(0, n);
    return taken.filter((v, i) => i === 0 || (taken[i - 1] as Visit).user !== v.user);
  }
}
