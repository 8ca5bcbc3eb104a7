// What a test can ask of an emulator running in a process of its own (child.ts, started by
// client.ts) over the IPC channel: one request `{ id, method, args }`, one reply `{ id, value | error }`,
// values sent with structured clone (Dates stay Dates). Types only, so that code checked against
// other typings (a mini-program test under jsdom) can import it without loading the emulator.
import type { EmulatorOptions } from '../index';

/** What crosses to the child process: the emulator's options that are plain data. */
export type ProcessEmulatorOptions = Omit<EmulatorOptions, 'clock' | 'dataDir' | 'scheduleTimers' | 'onLog' | 'onInvocation' | 'onFiring'>;

export interface StartOptions {
  /** Where the emulator's virtual clock starts (it does not flow: tests move it). */
  start: Date;
  /** In memory only; functions, indexes and the WeChat account as given here. */
  emulator?: ProcessEmulatorOptions;
  /** Calls made side by side right after the start, so that instances are warm (`reset` wipes what they wrote). */
  warmUp?: Array<{ name: string; event: unknown; openid: string }>;
}

export type CallOutcome = { found: false } | { found: true; ok: true; result: unknown } | { found: true; ok: false; error: string };

export interface EmulatorMethods {
  start(options: StartOptions): Promise<void>;
  /** A clean environment at `start`: no collections, nothing WeChat issued, no faults. Warm instances stay. */
  reset(start: Date): void;
  /** Runs a deployed function as a mini-program call by `openid` (SOURCE wx_client). */
  call(name: string, event: unknown, openid: string): Promise<CallOutcome>;
  /** While on, every run of function `name` is stopped by the platform before it can answer. */
  crash(name: string, on: boolean): void;
  /** Documents of a collection (none when it does not exist yet). */
  find(collection: string, query: Record<string, unknown>): Record<string, unknown>[];
  /** Stores documents as they are (the collection is created when missing): a test's history, written directly. */
  insert(collection: string, docs: Record<string, unknown>[]): void;
  now(): Date;
  /** Moves the clock forward. */
  setNow(at: Date): void;
  /** WeChat issued this form id to `openid` now. */
  issueFormId(openid: string, value: string): void;
  /** WeChat recorded one accepted one-time subscription. */
  grantSubscribe(openid: string, templateId: string): void;
  remainingGrants(openid: string, templateId: string): number;
  /** Fires a function's timer trigger once at the clock's present time; what the run answered. */
  fireTimer(name: string): Promise<{ ok: boolean; result: unknown; error?: string }>;
  /**
   * While on, every database request fails (CloudBase SYS_ERR, the SDK's -501001); a number n fails
   * the next n requests only (a passing fault).
   */
  failDatabase(on: boolean | number): void;
  /** The emulator's process, its function instances and its backend port: what close() must end. */
  processes(): { pid: number; instancePids: number[]; port: number };
  /** Stops the emulator; the process then exits. */
  close(): Promise<void>;
}

export interface Request {
  id: number;
  method: keyof EmulatorMethods;
  args: unknown[];
}

export type Reply = { id: number; value: unknown } | { id: number; error: string };

/** The first message of the process: it listens for requests. */
export const READY = 'ready';
