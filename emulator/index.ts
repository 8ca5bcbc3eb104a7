// The local cloud emulator in one call: the backend the real wx-server-sdk talks to (database, open
// API, callFunction), the function host running each deployable bundle in its own instances, and
// the timers from each function's config.json — all on one clock (real, or virtual for tests).
import { startBackend, type Backend, type IndexDeclarations, type WeChatAccount } from './backend';
import { realClock, type Clock } from './clock';
import { cloudfunctionRoot, createFunctionHost, listFunctions, type FunctionHost, type HostOptions, type InvokeOptions, type InvokeResult } from './host';
import { createTimers, type TimerFiring, type Timers } from './timers';

export interface EmulatorOptions {
  /** Where the backend keeps its data (survives restarts); null or absent = in memory only. */
  dataDir?: string | null;
  /** Default: the wall clock. A virtual clock lets tests run days of timers in seconds. */
  clock?: Clock;
  /** The built functions (<name>/index.js + config.json); default: the cloudfunctionRoot of ./project.config.json. */
  functionsDir?: string;
  /** Backend port on 127.0.0.1; default 0 = any free port. */
  port?: number;
  /** Environment id (getWXContext().ENV, DYNAMIC_CURRENT_ENV); default 'local-env'. */
  env?: string;
  timeoutMs?: number;
  /** Per-function timeouts (the console's 超时时间; the cloud's default is 3 s), over `timeoutMs`. */
  functionTimeoutMs?: Record<string, number>;
  maxInstancesPerFunction?: number;
  functionEnv?: Record<string, Record<string, string>>;
  /** Indexes per collection as CloudBase creates them (a console-format indexes file); they outlive a wipe. */
  indexes?: IndexDeclarations;
  /** The mini-program's templates, released pages and templateMessage.send mode; they outlive a wipe. */
  account?: WeChatAccount;
  idleInstanceMs?: number;
  appid?: string;
  /**
   * Fire timers by themselves as the clock moves (what `emulator start` does). Default false, so
   * that a test on the wall clock never sees a timer run it did not ask for.
   */
  scheduleTimers?: boolean;
  onLog?: HostOptions['onLog'];
  onInvocation?: HostOptions['onInvocation'];
  onFiring?: (firing: TimerFiring) => void;
}

export interface Emulator {
  readonly backend: Backend;
  readonly host: FunctionHost;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Calls a function as the mini-program would (SOURCE wx_client; pass openid for the user). */
  invoke(name: string, event?: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  /** Runs a function's timer trigger now. */
  fireTimer(name: string): Promise<TimerFiring>;
  /** Virtual clock: steps through every timer fire time up to `until`, awaiting each run. */
  runTimersUntil(until: Date): Promise<TimerFiring[]>;
  runTimersFor(ms: number): Promise<TimerFiring[]>;
  /** Stops timers, kills every instance, closes the backend; leaves no process or port behind. */
  close(): Promise<void>;
}

/**
 * SOURCE of a function called by another: the caller's chain plus `scf`, as getWXContext documents
 * ("A 获得的 SOURCE 为 wx_client，B 内获得的 SOURCE 为 wx_client,scf").
 */
export function calleeSource(callerSource: string): string {
  return callerSource ? `${callerSource},scf` : 'scf';
}

export { cloudfunctionRoot };

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? realClock();
  const functionsDir = options.functionsDir ?? cloudfunctionRoot();
  const functions = listFunctions(functionsDir); // also checks every trigger's cron before anything starts
  const backend = await startBackend({
    clock,
    dataDir: options.dataDir ?? null,
    port: options.port ?? 0,
    env: options.env ?? 'local-env',
    ...(options.indexes === undefined ? {} : { indexes: options.indexes }),
    ...(options.account === undefined ? {} : { account: options.account }),
  });
  const host = createFunctionHost({
    functionsDir,
    backendUrl: backend.url,
    env: backend.env,
    clock,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.functionTimeoutMs === undefined ? {} : { functionTimeoutMs: options.functionTimeoutMs }),
    ...(options.maxInstancesPerFunction === undefined ? {} : { maxInstancesPerFunction: options.maxInstancesPerFunction }),
    ...(options.functionEnv === undefined ? {} : { functionEnv: options.functionEnv }),
    ...(options.idleInstanceMs === undefined ? {} : { idleInstanceMs: options.idleInstanceMs }),
    ...(options.appid === undefined ? {} : { appid: options.appid }),
    ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
    ...(options.onInvocation === undefined ? {} : { onInvocation: options.onInvocation }),
  });
  // cloud.callFunction from inside a function: the callee keeps the caller's user (OPENID) and
  // extends its SOURCE chain. A failed callee makes the caller's callFunction fail.
  backend.setFunctionInvoker(async (name, data, caller) => {
    const r = await host.invoke(name, data, {
      source: calleeSource(caller.source),
      ...(caller.openid ? { openid: caller.openid } : {}),
      ...(caller.appid ? { appid: caller.appid } : {}),
    });
    if (!r.ok) throw new Error(r.error ?? `${name} failed`);
    return r.result;
  });
  const timers = createTimers({
    clock,
    functions,
    invoke: (name, event) => host.invoke(name, event, { source: 'wx_trigger' }),
    ...(options.onFiring === undefined ? {} : { onFiring: options.onFiring }),
  });
  if (options.scheduleTimers) timers.start();

  let closing: Promise<void> | null = null;
  return {
    backend,
    host,
    clock,
    timers,
    invoke: (name, event = {}, invokeOptions) => host.invoke(name, event, invokeOptions),
    fireTimer: (name) => timers.fire(name),
    runTimersUntil: (until) => timers.runUntil(until),
    runTimersFor: (ms) => timers.runFor(ms),
    close() {
      closing ??= (async () => {
        const timersDone = timers.close(); // stops firing; its runs end when the host kills them
        await host.close();
        await timersDone;
        await backend.close();
      })();
      return closing;
    },
  };
}
