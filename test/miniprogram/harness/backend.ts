// What the mini-program tests need from "the cloud": run a function as the test user, look at
// what the functions stored, move the clock, inject faults. Two implementations fit: the in-test
// network double (memoryBackend.ts, today) and the local emulator running the real bundled
// functions (to be wired in index.ts when the emulator lands).
import type { Credits } from '../../../miniprogram/logic/contract';

export interface StoredCheckIn {
  date: string;
  correct: boolean;
}

export interface CloudBackend {
  /** The test user's OPENID: the identity every call carries (from the context, never the event). */
  readonly openid: string;
  /** The subscribe template the functions are configured with (REMINDER_SUBSCRIBE_TEMPLATE_ID). */
  readonly subscribeTemplateId: string;

  /** Runs cloud function `name` with `data` as its event, as a mini-program call by `openid`. */
  call(name: string, data: unknown): Promise<unknown>;

  /** The test user's recorded check-ins, oldest first. */
  checkIns(): Promise<StoredCheckIn[]>;
  /** The form id values stored for the test user (unused, unexpired). */
  storedFormIds(): Promise<string[]>;
  /** The test user's unused, unexpired credits. */
  credits(): Promise<Credits>;
  /** The right option of a question in the bank that ships with the functions. */
  correctChoice(questionId: string): Promise<number>;

  /**
   * WeChat's own side of the user's actions, which the emulator checks sends against: a form
   * submit issued this form id; the subscribe dialog got this answer. The in-test double ignores them.
   */
  formIdIssued(value: string): Promise<void>;
  subscribeAnswered(templateId: string, answer: string): Promise<void>;

  /** Moves the backend's clock forward to `at` (never backwards). */
  setNow(at: Date): Promise<void>;
  /** Fires the reminder timer once at the backend's current time. */
  fireReminders(): Promise<void>;
  /** While on, every database request fails, so functions answer `{ ok: false, code: 'INTERNAL' }`. */
  failDatabase(on: boolean): Promise<void>;

  close(): Promise<void>;
}
