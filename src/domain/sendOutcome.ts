// What one send's errcode means and what to do about it (DESIGN.md §3, PLATFORM.md §2).
// Classify, don't swallow: every errcode lands in exactly one outcome with one policy.
import type { CreditKind } from './credits';

export type SendOutcome =
  | 'delivered'
  | 'dead-credit'
  | 'transient'
  | 'config-broken'
  | 'channel-retired'
  | 'quota'
  /** An errcode this table does not know: keep the credit, do not retry now, report it. */
  | 'unknown';

const DEAD: Readonly<Record<CreditKind, ReadonlySet<number>>> = {
  form: new Set([41028, 41029, 40003]), // form id wrong/expired, already used; touser wrong
  subscribe: new Set([43101, 40003]), // user refused / no grant left; touser wrong
};
// -1 busy, 45011 per-minute limit; cloud-side system error / timeout / concurrency
// (-501001 is also what the SDK raises for a dropped connection or HTTP 500).
const TRANSIENT = new Set([-1, 45011, -501001, -501002, -501004, -601001, -601003, -604102]);
// Template id, page, template data; -604101 no openapi permission in config.json; 48001 API unauthorized.
const CONFIG_BROKEN = new Set([40037, 41030, 47003, -604101, 48001]);
const RETIRED = 45103;
const QUOTA = 45009;

/**
 * Classifies one send. `errcode` is the code WeChat or the cloud answered (0 = accepted), or
 * undefined when the send call failed without one (connection lost, timeout) — that is
 * transient. Do not pass programming errors here: they are bugs, not send outcomes.
 */
export function classifySend(channel: CreditKind, errcode: number | undefined): SendOutcome {
  if (errcode === undefined) return 'transient';
  if (errcode === 0) return 'delivered';
  if (DEAD[channel].has(errcode)) return 'dead-credit';
  if (TRANSIENT.has(errcode)) return 'transient';
  if (CONFIG_BROKEN.has(errcode)) return 'config-broken';
  // DESIGN names 45103 for templateMessage.send; the same "API unsupported" on the subscribe
  // channel would mean the same thing: stop it, burn nothing.
  if (errcode === RETIRED) return 'channel-retired';
  if (errcode === QUOTA) return 'quota';
  return 'unknown';
}

export interface OutcomePolicy {
  /** What becomes of the credit that was sent. */
  credit: 'used' | 'invalid' | 'unused';
  /** Record the user as reminded today. */
  markReminded: boolean;
  /** Move on to the user's next credit (at most MAX_CREDIT_TRIES per user per run). */
  tryNextCredit: boolean;
  /** Retry the same credit after backoffDelay (at most MAX_TRANSIENT_RETRIES), else leave it for the next run. */
  retry: boolean;
  /** Stop the channel: for the rest of this run, or for the rest of the local day. */
  stopChannel: false | 'run' | 'day';
  /** Worth a loud log line / a field in the run's answer. */
  report: boolean;
}

export const OUTCOME_POLICY: Readonly<Record<SendOutcome, OutcomePolicy>> = {
  delivered: { credit: 'used', markReminded: true, tryNextCredit: false, retry: false, stopChannel: false, report: false },
  'dead-credit': { credit: 'invalid', markReminded: false, tryNextCredit: true, retry: false, stopChannel: false, report: false },
  transient: { credit: 'unused', markReminded: false, tryNextCredit: false, retry: true, stopChannel: false, report: false },
  'config-broken': { credit: 'unused', markReminded: false, tryNextCredit: false, retry: false, stopChannel: 'run', report: true },
  // The user's credits on the other channel (subscribe) are still worth trying this run.
  'channel-retired': { credit: 'unused', markReminded: false, tryNextCredit: true, retry: false, stopChannel: 'run', report: true },
  quota: { credit: 'unused', markReminded: false, tryNextCredit: false, retry: false, stopChannel: 'day', report: true },
  unknown: { credit: 'unused', markReminded: false, tryNextCredit: false, retry: false, stopChannel: false, report: true },
};

/** Credits tried per user per run (DESIGN.md §3). */
export const MAX_CREDIT_TRIES = 3;
/** In-run retries of one credit after a transient failure. */
export const MAX_TRANSIENT_RETRIES = 2;

export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 4000;

/**
 * Delay before retry number `attempt` (1, 2, …): 250 ms doubling per attempt, capped at 4 s
 * (250, 500, 1000, 2000, 4000, 4000 …). `random` in [0, 1] spreads the delay over its upper
 * half so many instances do not retry in step; pass Math.random() in production, omit it for
 * the full delay.
 */
export function backoffDelay(attempt: number, random = 1): number {
  const step = Math.max(1, Math.floor(attempt));
  const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(step - 1, 30));
  return Math.round(full * (0.5 + 0.5 * Math.min(1, Math.max(0, random))));
}
