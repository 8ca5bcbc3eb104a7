// The five cloud functions' events and answers (DESIGN.md §2): declared once, compiled by the
// handlers (src/handlers) and by the mini-program (miniprogram/tsconfig.json includes this file).
// Types only, and it imports nothing: the mini-program reaches it with `import type`, which
// esbuild and DevTools' TypeScript plugin erase, so nothing from outside miniprogram/ runs there.
// Dates are Shanghai calendar dates, `YYYY-MM-DD`.

// ---- Every function ----

export type ErrorCode = 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'INVALID_ARGUMENT' | 'RESOURCE_EXHAUSTED' | 'UNAVAILABLE' | 'INTERNAL';

/** What every function answers when it does not do what was asked; it never throws to the caller. */
export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
}

/** The functions the mini-program calls; the other two run from their timers only. */
export type ClientFunctionName = 'checkIn' | 'saveFormId' | 'reminderSettings';

/** A push credit: a form id (template messages) or a one-time subscribe grant. */
export type CreditKind = 'form' | 'subscribe';

/** The user's unused, unexpired credits, by kind. */
export type CreditCounts = Record<CreditKind, number>;

// ---- saveFormId ----

/**
 * What `wx.requestSubscribeMessage` answers for one template id. The first four grant one message:
 * `acceptWithAudio` with a voice reminder, `acceptWithAlert` / `acceptWithForcePush` with WeChat's
 * strong reminder (current clients; PLATFORM.md §1).
 */
export type SubscribeAnswer = 'accept' | 'acceptWithAudio' | 'acceptWithAlert' | 'acceptWithForcePush' | 'reject' | 'ban' | 'filter';

/** A form id with the instant of the tap that yielded it (epoch ms): it expires 7 days after the tap. */
export interface TappedFormId {
  value: string;
  at: number;
}

export interface SaveFormIdEvent {
  /** Form ids, each a string (collected now) or with the time of its tap. */
  formIds?: Array<string | TappedFormId>;
  /** The original single-id form; merged with formIds. */
  formId?: string;
  /** The result object of `wx.requestSubscribeMessage`: template id → answer. */
  subscriptions?: Record<string, SubscribeAnswer>;
  /**
   * Chosen by the client per upload and reused by its retries (at most 64 characters): a repeat by
   * the same user within 24 hours stores nothing new and answers as the first call did.
   */
  requestId?: string;
}

/**
 * Why a form id or a subscribe answer was not stored: `empty`, `too-long`, `placeholder` (WeChat's
 * DevTools/trial stand-ins, anything with "mock"), `junk` (what a client bug sends: "undefined",
 * "null", "NaN", "[object Object]"), `malformed` (control characters, broken unicode), `expired`
 * (tapped 7 days ago or more), `duplicate`, `quota` (the user holds 100 of that kind), `template`
 * (an answer for a template that is not configured), `channel-off` (no form template configured,
 * or template messages retired: form ids are useless).
 */
export type RejectReason = 'empty' | 'too-long' | 'placeholder' | 'junk' | 'malformed' | 'expired' | 'duplicate' | 'quota' | 'template' | 'channel-off';

/** A form id, or a subscribe template id, that was not stored, and why. */
export interface Rejection {
  value: string;
  reason: RejectReason;
}

/** saveFormId's answer: what this call stored, what it refused, and the credits the user now holds. */
export interface SavedCredits {
  ok: true;
  saved: number;
  rejected: Rejection[];
  credits: CreditCounts;
}

// ---- checkIn ----

export type CheckInEvent = { action: 'today' } | { action: 'answer'; questionId: string; choice: number };

/** A quiz question as the user sees it: the right answer stays on the server. */
export interface PublicQuestion {
  id: string;
  text: string;
  options: string[];
}

/** A recorded answer to the day's question, revealed once the user has answered. */
export interface AnswerRecord {
  /** The option the user picked (the first answer of the day: a second one changes nothing). */
  choice: number;
  correct: boolean;
  /** The right option. */
  correctChoice: number;
}

/** checkIn `today`: today's question, and whether the user has already checked in. */
export interface CheckInStatus {
  ok: true;
  date: string;
  checkedIn: boolean;
  streak: number;
  question: PublicQuestion;
  /** What the user answered today; null before, or when a check-in's choice was not kept (older records). */
  answer: AnswerRecord | null;
  /** The user's reminder switch (reminderSettings), so the page offers no reminder while it is off. */
  remindersEnabled: boolean;
  /**
   * The user's live credits now: reminders spend them between the app's uploads (and while the
   * form channel is off nothing else is uploaded), so the offer and the silent top-up go by these.
   */
  credits: CreditCounts;
}

/** checkIn `answer`: the day's check-in as recorded (a second answer changes nothing, its choice included). */
export interface CheckInResult extends AnswerRecord {
  ok: true;
  date: string;
  streak: number;
  alreadyCheckedIn: boolean;
}

// ---- reminderSettings ----

/** Only the fields present are changed; `hour: null` means "choose automatically". */
export interface SettingsChange {
  enabled?: boolean;
  hour?: number | null;
}

export type ReminderSettingsEvent = { action: 'get' } | ({ action: 'set' } & SettingsChange) | { action: 'test' } | { action: 'deleteMyData' };

/** Why the effective hour is what it is: the user chose it, it was learned from their check-ins, or the default. */
export type HourSource = 'chosen' | 'learned' | 'default';

/**
 * The user's habitual check-in hour: the lower median of the hours of their unprompted check-ins
 * (not within 2 hours after a reminder) on the 14 dates before today, and how many there were (≥ 3).
 */
export interface Habit {
  hour: number;
  checkIns: number;
}

/** reminderSettings `get` and `set`: whether and when the user is reminded, as now stored. */
export interface ReminderSettings {
  ok: true;
  enabled: boolean;
  hour: number | null;
  /** The hour reminders start at today: the chosen one, else an hour before the habit, else the default. */
  effectiveHour: number;
  /** Which of the three effectiveHour is. */
  hourSource: HourSource;
  /** The habit an automatic hour is learned from (also shown when a chosen hour wins); null: fewer than 3 unprompted check-ins. */
  habit: Habit | null;
  /** The hour "automatic" (hour: null) would give today, whatever is chosen: learned, else the default. */
  automaticHour: number;
  credits: CreditCounts;
  lastRemindedDate: string | null;
}

/**
 * Why a test reminder was not sent: no template configured (`disabled`), no credit to spend, the
 * template does not fit its configuration, today's test reminders used up, WeChat refused the
 * credit (the user turned the messages off), WeChat refused the configuration, WeChat could not
 * send now, or the answer was lost after the send (the message may have arrived).
 */
export type TestReminderReason = 'disabled' | 'no-credit' | 'template-unfit' | 'cap-reached' | 'refused' | 'misconfigured' | 'unavailable' | 'unconfirmed';

/** reminderSettings `test`: one reminder to the caller now, with their own credit (DESIGN.md §2). */
export interface TestReminderResult {
  ok: true;
  sent: boolean;
  reason?: TestReminderReason;
}

/**
 * reminderSettings `deleteMyData`: every document about the caller removed (PIPL art. 47), counted
 * per collection; a second call answers zeros. Aggregates without an OPENID (daily figures, run
 * logs) stay. The next call that writes starts a new user.
 */
export interface DeletedData {
  ok: true;
  deleted: Record<string, number>;
}

// ---- The timer functions ----

/** What a timer trigger sends (the platform's fields; kept in the run log, trusted for nothing). */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
}

// ---- sendReminders (docs/reminders.md "The answer") ----

/** Why a user is not due now (DESIGN §2 rules 1-5, in that order). */
export type NotDueReason = 'disabled' | 'checked-in' | 'reminded' | 'quiet-hours' | 'too-early' | 'no-credit';

/**
 * Why a user the run read was left alone. `unconfigured`: the user holds credits, but only for
 * templates this configuration does not send (a subscribe template it no longer lists, form
 * credits while the form channel is off): they keep them and are not rested (I7). `held-out`: held
 * out earlier today (docs/holdout.md), read again (a credit saved since lowered nextRemindDate).
 */
export type SkipReason = NotDueReason | 'claimed-elsewhere' | 'channel-stopped' | 'unconfigured' | 'held-out';

/**
 * Why a user the run took on got no accepted message. `ambiguous` (the answer was lost) and
 * `interrupted` (a dead run had a credit in flight) still count the user as reminded: at most once.
 * `window-closed`: the send window ended before the send could start (a run still working at 22:00).
 */
export type FailReason = 'ambiguous' | 'interrupted' | 'credits-dead' | 'credit-gone' | 'transient' | 'channel-stopped' | 'unknown' | 'database' | 'window-closed';

export type Counts<K extends string> = Partial<Record<K, number>>;

/** What a run, or one worker of it, did to the users it read. */
export interface Tally {
  /** Users the run took on (claimed and started). */
  due: number;
  /** Users whose message WeChat accepted. */
  sent: number;
  /** due − sent, by reason. */
  failed: number;
  failedBy: Counts<FailReason>;
  /** Due users held out today by this run (REMINDER_HOLDOUT_PERCENT): not reminded, credits kept. */
  heldOut: number;
  /** Users read but not due now, by reason. */
  skipped: number;
  skippedBy: Counts<SkipReason>;
  /** Users that may still be due when the run stopped at its budget: the next run takes them. */
  remaining: number;
}

/**
 * A send channel's state in a run: `disabled` (no template id), `misconfigured` (the message
 * breaks WeChat's rules), or stopped by an answer (`broken`, `retired`, `quota`: OUTCOME_POLICY).
 */
export type ChannelState = 'open' | 'disabled' | 'misconfigured' | 'broken' | 'retired' | 'quota';

export interface ChannelReport {
  state: ChannelState;
  message?: string;
}

export type ChannelsReport = Record<CreditKind, ChannelReport>;

/** One instance's share of a run: for sends per second per instance. */
export interface InstanceFigures {
  shards: [number, number];
  due: number;
  sent: number;
  /** The instance's own time on its order (null when it did not answer). */
  durationMs: number | null;
}

/** sendReminders, as its timer (or a continuation) started it. */
export interface ReminderRunReport extends Tally {
  ok: true;
  date: string;
  hour: number;
  durationMs: number;
  runId: string;
  /** Users with nextRemindDate <= today when the run began (the fan-out's measure). */
  candidates: number;
  /** Instances that worked on the run: 1 when it did the work itself. */
  workers: number;
  instances: InstanceFigures[];
  channels: ChannelsReport;
  /** Loud: stopped or broken channels, unknown errcodes, failed workers, failed writes. */
  problems: string[];
  /** The run fell in the quiet hours: nothing was read or sent. */
  quietHours: boolean;
  /** 0 for the timer's run, n for the n-th continuation of it. */
  round: number;
  /** This run stopped with users remaining and started the next run of the chain. */
  continued: boolean;
}

/** sendReminders, as a run called it with a worker order for a range of user shards. */
export interface ReminderWorkerReport extends Tally {
  ok: true;
  runId: string;
  shards: [number, number];
  durationMs: number;
  channels: ChannelsReport;
  problems: string[];
}

// ---- expireFormIds ----

export interface ExpiryReport {
  ok: true;
  /** Form credits marked expired. */
  expired: number;
  /** Settled credits deleted after the retention period. */
  deleted: number;
  /** Credits left `sending` by a dead run, now `used` (they count as used anyway). */
  abandoned: number;
  /** Check-in records older than REMINDER_CHECKIN_RETENTION_DAYS, deleted. */
  checkInsDeleted: number;
  /** Run logs (reminderRuns) older than 90 days, deleted. */
  runLogsDeleted: number;
  /** saveFormId's records of request ids (saveRequests) past their 24 hours, deleted. */
  requestsDeleted: number;
  /** Stopped at the budget with work left: the next firing continues. */
  more: boolean;
  /** What kept the sweep from its work (a time limit too short for any). */
  problems: string[];
  durationMs: number;
}
