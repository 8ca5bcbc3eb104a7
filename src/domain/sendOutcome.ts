// What one send's errcode means and what to do about it (DESIGN.md §3, PLATFORM.md §2).
// Classify, don't swallow: every errcode lands in exactly one outcome with one policy.
import type { ChannelState, FailReason } from '../contract';
import type { CreditKind } from './credits';
import type { LocalDate } from './time';

export type SendOutcome =
  | 'delivered'
  | 'dead-credit'
  | 'transient'
  | 'config-broken'
  | 'channel-retired'
  | 'quota'
  /**
   * The request went out but its answer was lost (connection reset or hung up, read timeout):
   * WeChat may have delivered. Treated like a crash mid-send: credit used, user counted reminded.
   */
  | 'ambiguous'
  /** An errcode this table does not know: keep the credit, do not retry now, report it. */
  | 'unknown';

const DEAD: Readonly<Record<CreditKind, ReadonlySet<number>>> = {
  form: new Set([41028, 41029, 40003]), // form id wrong/expired, already used; touser wrong
  subscribe: new Set([43101, 40003]), // user refused / no grant left; touser wrong
};
// -1 busy, 45011 per-minute limit; cloud-side system error / concurrency. -501001 is also what
// the SDK raises for a refused connection, an HTTP 5xx answer and a dropped one: answerLost
// tells the dropped one apart.
const TRANSIENT = new Set([-1, 45011, -501001, -501004, -601001, -601003]);
// Timeouts reported by the cloud after it forwarded the call (open-API call timeout, resource
// server timeout): WeChat may have delivered.
const TIMED_OUT_AFTER_FORWARDING = new Set([-604102, -501002]);
// What Node and the SDK say when a request may have gone out but no answer came back: the peer
// hung up or reset the connection, or the SDK's timer fired. Any timeout counts, a connect timeout
// too: the SDK does not cancel a request it timed out, so it is written once the connection
// completes and WeChat delivers it (test/emulator/sdk-timeouts.test.ts). A refused connection
// (ECONNREFUSED) or an HTTP status answer never reached WeChat.
const LOST_ANSWER_RE = /socket hang up|ECONNRESET|EPIPE|ECONNABORTED|timed? ?out|aborted/i; // timed out, timeout, (ESOCKET|E)TIMEDOUT
// Template id, page, template data; -604101 no openapi permission in config.json; 48001 API unauthorized.
const CONFIG_BROKEN = new Set([40037, 41030, 47003, -604101, 48001]);
const RETIRED = 45103;
const QUOTA = 45009;

/**
 * Whether a failed send may have reached WeChat: its answer was lost after the request went out.
 * Only the transport codes qualify (-501001, -1 or none); WeChat's own errcodes are answers.
 */
export function answerLost(errcode: number | undefined, errmsg = ''): boolean {
  if (errcode !== undefined && TIMED_OUT_AFTER_FORWARDING.has(errcode)) return true;
  return (errcode === undefined || errcode === -501001 || errcode === -1) && LOST_ANSWER_RE.test(errmsg);
}

/**
 * Classifies one send. `errcode` is the code WeChat or the cloud answered (0 = accepted), or
 * undefined when the send call failed without one; `errmsg` is the error text, which is how a
 * lost answer (`ambiguous`, see answerLost) differs from a refused connection or an HTTP error
 * (transient). Without `errmsg` a failure without code is transient. Do not pass programming
 * errors here: they are bugs, not send outcomes.
 */
export function classifySend(channel: CreditKind, errcode: number | undefined, errmsg?: string): SendOutcome {
  if (errcode === 0) return 'delivered';
  if (answerLost(errcode, errmsg)) return 'ambiguous';
  if (errcode === undefined) return 'transient';
  if (DEAD[channel].has(errcode)) return 'dead-credit';
  if (TRANSIENT.has(errcode)) return 'transient';
  if (CONFIG_BROKEN.has(errcode)) return 'config-broken';
  // DESIGN names 45103 for templateMessage.send; the same "API unsupported" on the subscribe
  // channel would mean the same thing: stop it, burn nothing.
  if (errcode === RETIRED) return 'channel-retired';
  if (errcode === QUOTA) return 'quota';
  return 'unknown';
}

/** One send as the run reports it. */
export interface SendReport {
  kind: CreditKind;
  errcode: number;
  errmsg: string;
  /** The run's Shanghai date. */
  date: LocalDate;
}

/** A channel an answer stops: no credit is claimed on it any more. */
export interface ChannelStop {
  /**
   * For the rest of this run; for the rest of the local day (stored: later runs skip it too); or
   * until a probe finds it back (stored, re-probed at most once a day: a retired API).
   */
  scope: 'run' | 'day' | 'until-probed';
  /** The channel's state in the run answer. */
  state: Extract<ChannelState, 'broken' | 'retired' | 'quota'>;
}

interface Handling {
  /** What becomes of the credit that was sent. */
  credit: 'used' | 'invalid' | 'unused';
  /** Move on to the user's next credit (at most MAX_CREDIT_TRIES per user per run). */
  tryNextCredit: boolean;
  /** The send counts as one of the user's MAX_CREDIT_TRIES. */
  countsAsTry: boolean;
  /** Retry the same credit after backoffDelay (at most MAX_TRANSIENT_RETRIES), else leave it for the next run. */
  retry: boolean;
  /**
   * What this answer to a probe of a retired channel (a send that can reach nobody) says: the API is
   * still retired, it answers again (it judged the request), or nothing can be concluded.
   */
  probe: 'retired' | 'alive' | 'unknown';
}

/**
 * Whether the user counts as reminded today: `sent` (WeChat accepted; the answer's `sent`) or
 * `ambiguous` (the message may have gone out: at most once). `failure` is why the user got no
 * accepted message (failedBy; with the errcode, the credit's lastError); null only for a delivery.
 */
type Reminding = { reminded: 'sent'; failure: null } | { reminded: 'ambiguous' | null; failure: FailReason };

/**
 * `report` is the line the run's `problems` get (once per channel stop, otherwise once per
 * errcode); null: none. A stop is always reported.
 */
type Reporting = { stop: ChannelStop; report: (send: SendReport) => string } | { stop: null; report: ((send: SendReport) => string) | null };

export type OutcomePolicy = Handling & Reminding & Reporting;

const why = (s: SendReport) => `errcode ${s.errcode} ${s.errmsg}`;

/** What each outcome does (DESIGN.md §3). The run reads only this: no code path decides by an outcome's name. */
export const OUTCOME_POLICY: Readonly<Record<SendOutcome, OutcomePolicy>> = {
  delivered: { credit: 'used', reminded: 'sent', failure: null, tryNextCredit: false, countsAsTry: true, retry: false, probe: 'alive', stop: null, report: null },
  'dead-credit': { credit: 'invalid', reminded: null, failure: 'credits-dead', tryNextCredit: true, countsAsTry: true, retry: false, probe: 'alive', stop: null, report: null },
  transient: { credit: 'unused', reminded: null, failure: 'transient', tryNextCredit: false, countsAsTry: true, retry: true, probe: 'unknown', stop: null, report: null },
  'config-broken': {
    credit: 'unused', reminded: null, failure: 'channel-stopped', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'alive',
    stop: { scope: 'run', state: 'broken' },
    report: (s) => `the ${s.kind} channel is stopped for this run, its configuration is broken (${why(s)}); no more credits spent`,
  },
  // The channel's fault, not the credit's: not one of the user's tries, and their credits on the
  // other channel (subscribe) are still worth trying this run. Remembered, so that later runs
  // neither send on it nor take on users holding only its credits until a daily probe finds it back.
  'channel-retired': {
    credit: 'unused', reminded: null, failure: 'channel-stopped', tryNextCredit: true, countsAsTry: false, retry: false, probe: 'retired',
    stop: { scope: 'until-probed', state: 'retired' },
    report: (s) => `the ${s.kind} channel is retired (${why(s)}): no ${s.kind} credit is spent, other credits are used instead; remembered, and probed again once a day`,
  },
  quota: {
    credit: 'unused', reminded: null, failure: 'channel-stopped', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'alive',
    stop: { scope: 'day', state: 'quota' },
    report: (s) => `the ${s.kind} channel is stopped for ${s.date}: WeChat's daily quota was reached (${why(s)}); credits kept`,
  },
  // At most once (I1) wins over delivery: the message may have gone out, so nothing is resent today.
  ambiguous: { credit: 'used', reminded: 'ambiguous', failure: 'ambiguous', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'unknown', stop: null, report: null },
  unknown: {
    credit: 'unused', reminded: null, failure: 'unknown', tryNextCredit: false, countsAsTry: true, retry: false, probe: 'unknown', stop: null,
    report: (s) => `a ${s.kind} send answered errcode ${s.errcode} (${s.errmsg}), which the outcome table does not know: credit kept, not retried this run`,
  },
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
 * half so many instances do not retry in step (the run passes its invocation's random());
 * omit it for the full delay.
 */
export function backoffDelay(attempt: number, random = 1): number {
  const step = Math.max(1, Math.floor(attempt));
  const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(step - 1, 30));
  return Math.round(full * (0.5 + 0.5 * Math.min(1, Math.max(0, random))));
}
