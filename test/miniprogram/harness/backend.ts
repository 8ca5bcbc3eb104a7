// What the mini-program tests need from "the cloud": run a function as the test user, look at
// what the functions stored, move the clock, inject faults. Implemented by emulatorBackend.ts: the
// real bundled functions on the local emulator.
import type { CreditCounts } from '../../../src/contract';

export interface StoredCheckIn {
  date: string;
  correct: boolean;
}

/** The fields of the user's document (`users`, docs/data-model.md) the pages are about. */
export interface StoredUser {
  enabled: boolean;
  hour: number | null;
  streak: number;
  lastCheckInDate: string;
  lastRemindedDate: string;
}

export interface CloudBackend {
  /** The test user's OPENID: the identity every call carries (from the context, never the event). */
  readonly openid: string;
  /** The subscribe template the functions are configured with (REMINDER_SUBSCRIBE_TEMPLATE_ID), the first of… */
  readonly subscribeTemplateId: string;
  /** …every subscribe template they are configured with (one unless the test asked for more). */
  readonly subscribeTemplateIds: string[];

  /** A clean environment with the clock at `start`: no data, nothing issued by WeChat, no faults. */
  reset(start: Date): Promise<void>;

  /**
   * Runs cloud function `name` with `data` as its event, as a mini-program call by `openid`, and
   * resolves with its answer; rejects as wx.cloud.callFunction does when the run fails on the
   * platform (errCode -504002) or the function does not exist (-501000).
   */
  call(name: string, data: unknown): Promise<unknown>;
  /** While on, every run of function `name` is stopped by the platform before it answers (-504002). */
  crash(name: string, on: boolean): Promise<void>;

  /** The test user's recorded check-ins, oldest first. */
  checkIns(): Promise<StoredCheckIn[]>;
  /** The form id values stored for the test user (unused, unexpired). */
  storedFormIds(): Promise<string[]>;
  /** The test user's unused, unexpired credits. */
  credits(): Promise<CreditCounts>;
  /** History: the test user already holds `n` more unused credits of `kind` (written straight into `credits`). */
  holdCredits(kind: 'form' | 'subscribe', n: number): Promise<void>;
  /** The test user's document, or null before the user's first write. */
  user(): Promise<StoredUser | null>;
  /** The right option of a question in the bank that ships with the functions. */
  correctChoice(questionId: string): Promise<number>;

  /**
   * WeChat's own side of the user's actions, which the emulator checks sends against: a form
   * submit issued this form id; the subscribe dialog got this answer.
   */
  formIdIssued(value: string): Promise<void>;
  subscribeAnswered(templateId: string, answer: string): Promise<void>;
  /** The one-time grants WeChat holds for the test user and a configured template (the first by default). */
  grantsLeft(templateId?: string): Promise<number>;

  /** Moves the backend's clock forward to `at` (never backwards). */
  setNow(at: Date): Promise<void>;
  /** Fires the reminder timer once at the backend's current time; rejects unless the run answered ok. */
  fireReminders(): Promise<void>;
  /**
   * While on, every database request fails, so functions answer `{ ok: false, code: 'UNAVAILABLE' }`;
   * a number n fails the next n requests only.
   */
  failDatabase(on: boolean | number): Promise<void>;

  /** Stops the backend, leaving no process or port behind. */
  close(): Promise<void>;
}
