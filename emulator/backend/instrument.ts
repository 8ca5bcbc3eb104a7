// Request counts, injected latency and injected faults, keyed by action: `database.getDocument`,
// `wx.openApi:subscribeMessage.send`, `functions.invokeFunction`, … A key in setLatency/injectFault
// is an exact action or a prefix ending in `*` (`database.*`, `wx.openApi:*`, `*`); the most
// specific one wins for latency, and fault rules are checked in the order they were added.

import { seededRandom } from './random';

export interface FaultRule {
  /** Action key or `prefix*`. */
  action: string;
  /** Fail the Nth matching request counted from now (1 = the next one). */
  nth?: number;
  /** Fail each matching request with this probability (seeded, so runs repeat). */
  rate?: number;
  /** Open API: the WeChat errcode to answer (default -1, "system error"). */
  errcode?: number;
  /** Database/functions: the CloudBase error code to answer (default SYS_ERR / FUNCTIONS_EXECUTE_FAIL). */
  code?: string;
  /** error: an error answer; drop: close the connection without answer; http500: an HTTP 500. Default error. */
  kind?: 'error' | 'drop' | 'http500';
  /**
   * before (default): the request has no effect; after: it takes effect and then the answer is lost
   * or replaced; later: the answer is lost or replaced now and the request takes effect `laterMs`
   * afterwards (a request the client gave up on that still arrives: the SDK does not cancel it).
   */
  when?: 'before' | 'after' | 'later';
  /** With when: 'later', how long after the answer the request takes effect (default 1000 ms). */
  laterMs?: number;
  /** How many requests the rule fails in all (default 1 with nth or neither, unlimited with rate). */
  times?: number;
}

export interface Instrumentation {
  counts(): Record<string, number>;
  resetCounts(): void;
  /** Latency added to every request of an action (or `prefix*`); 0 removes it. */
  setLatency(actionOrPattern: string, ms: number): void;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Re-seeds the random source of rate-based faults. */
  seed(seed: number): void;
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  left: number;
}

const matches = (pattern: string, key: string) => (pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : pattern === key);

export class Instruments implements Instrumentation {
  private tally: Record<string, number> = {};
  private readonly latencies = new Map<string, number>();
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  counts(): Record<string, number> {
    return { ...this.tally };
  }

  resetCounts(): void {
    this.tally = {};
  }

  count(key: string): void {
    this.tally[key] = (this.tally[key] ?? 0) + 1;
  }

  setLatency(actionOrPattern: string, ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`latency must be a non-negative number of ms, got ${ms}`);
    if (ms === 0) this.latencies.delete(actionOrPattern);
    else this.latencies.set(actionOrPattern, ms);
  }

  latencyFor(key: string): number {
    let best: [string, number] | undefined;
    for (const [pattern, ms] of this.latencies) {
      if (!matches(pattern, key)) continue;
      const exact = pattern === key;
      if (!best || exact || (best[0] !== key && pattern.length > best[0].length)) best = [pattern, ms];
      if (exact) break;
    }
    return best?.[1] ?? 0;
  }

  injectFault(rule: FaultRule): void {
    if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new Error(`fault rate must be within 0..1, got ${rule.rate}`);
    if (rule.nth !== undefined && !(Number.isInteger(rule.nth) && rule.nth >= 1)) throw new Error(`fault nth must be an integer >= 1, got ${rule.nth}`);
    const left = rule.times ?? (rule.rate !== undefined ? Infinity : 1);
    this.rules.push({ rule: { ...rule }, seen: 0, left });
  }

  clearFaults(): void {
    this.rules = [];
  }

  seed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** The fault to apply to this request, if a rule fires. */
  faultFor(key: string): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.left <= 0 || !matches(r.rule.action, key)) continue;
      r.seen++;
      const fires = r.rule.rate !== undefined ? this.random() < r.rule.rate : r.seen >= (r.rule.nth ?? 1);
      if (!fires) continue;
      r.left--;
      this.rules = this.rules.filter((x) => x.left > 0);
      return r.rule;
    }
    return undefined;
  }
}
