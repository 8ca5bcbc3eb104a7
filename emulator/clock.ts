// The emulator's clock, shared by the backend (server dates, form-id expiry) and the function host
// (each instance's Date, timers). Real: the wall clock. Virtual: starts where you say and moves only
// when advanced — except that while `running` it also follows real time, so a function invocation
// sees time pass at the normal rate during its run.

export interface Clock {
  now(): Date;
  /** Moves a virtual clock forward; a real clock refuses. */
  advance(ms: number): void;
  /** Sets a virtual clock to an instant (never backwards). */
  set(to: Date): void;
  readonly virtual: boolean;
}

export function realClock(): Clock {
  return {
    virtual: false,
    now: () => new Date(),
    advance() {
      throw new Error('cannot advance a real clock');
    },
    set() {
      throw new Error('cannot set a real clock');
    },
  };
}

/**
 * A virtual clock that starts at `start` and advances with real time (`flowing`, the default, like a
 * shifted wall clock) or only when told (`flowing: false`, for tests that pin time exactly).
 */
export function virtualClock(start: Date, options: { flowing?: boolean } = {}): Clock {
  const flowing = options.flowing ?? true;
  let base = start.getTime();
  let realAtBase = Date.now();
  const current = () => (flowing ? base + (Date.now() - realAtBase) : base);
  return {
    virtual: true,
    now: () => new Date(current()),
    advance(ms: number) {
      if (!(ms >= 0)) throw new Error(`cannot advance by ${ms} ms`);
      base = current() + ms;
      realAtBase = Date.now();
    },
    set(to: Date) {
      const t = to.getTime();
      if (t < current()) throw new Error(`clock cannot go back from ${new Date(current()).toISOString()} to ${to.toISOString()}`);
      base = t;
      realAtBase = Date.now();
    },
  };
}
