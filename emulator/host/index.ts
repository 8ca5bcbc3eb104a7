// The function host: runs each deployable index.js in its own instances (child processes), like
// the cloud's function runtime. Warm instances are reused one invocation at a time; more concurrent
// invocations start more instances, up to a per-function limit, then wait in line (./pool.ts). See
// docs/functions.md for what is emulated and how limits were chosen.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Clock } from '../clock';
import { callerToken } from '../backend/callers';
import { sdkEnvironment } from '../backend/sdkEnvironment';
import { findFunction } from './functions';
import type { Instance, RunOutcome } from './instance';
import { Pool } from './pool';

export { cloudfunctionRoot, FunctionNotFoundError, findFunction, listFunctions, type DeployedFunction, type TimerTrigger } from './functions';

export interface HostOptions {
  /** Folder holding <name>/index.js (+ config.json): the built cloudfunctionRoot. */
  functionsDir: string;
  backendUrl: string;
  env: string;
  clock: Clock;
  /** Per invocation, and again for loading a bundle; default 60 000 (the cloud's ceiling). */
  timeoutMs?: number;
  /** Per-function timeouts over `timeoutMs` (the console's 超时时间 of each function; its default is 3 s). */
  functionTimeoutMs?: Record<string, number>;
  /** Concurrency limit per function; invocations beyond it wait. Default 100. */
  maxInstancesPerFunction?: number;
  /** Per-function environment variables (the console's 环境变量). */
  functionEnv?: Record<string, Record<string, string>>;
  /** A warm instance left idle this long is ended. Default 5 minutes. */
  idleInstanceMs?: number;
  /** APPID for client calls that do not name one. */
  appid?: string;
  /** Every line a function prints (console.log / console.error). */
  onLog?: (entry: { functionName: string; instanceId: string; stream: 'stdout' | 'stderr'; text: string }) => void;
  /** Every finished invocation, also those started by cloud.callFunction (benchmarks: fan-out, busy time, memory). */
  onInvocation?: (record: InvocationRecord) => void;
}

export interface InvocationRecord {
  functionName: string;
  /** The event main was called with. */
  event: unknown;
  source: string;
  /** Wall-clock ms (Date.now(), not the emulator clock) when main started and when it ended. */
  startedAtMs: number;
  endedAtMs: number;
  result: InvokeResult;
}

export interface InvokeOptions {
  openid?: string;
  appid?: string;
  /**
   * 'wx_client' (default), 'wx_trigger', 'wx_client,scf', 'wx_crawler', … — what getWXContext().SOURCE
   * says; null: the runtime sets none (a call that did not come through WeChat).
   */
  source?: string | null;
  /** This invocation's time limit, over the function's. */
  timeoutMs?: number;
}

/** What the console's 函数配置 changes for later invocations (configure()). */
export interface FunctionConfig {
  timeoutMs?: number;
  /** The function's environment variables as a whole (环境变量). */
  env?: Record<string, string>;
}

export interface InvokeResult {
  /** main's answer as the caller receives it (JSON round trip); null when !ok. */
  result: unknown;
  /** false when main threw, or the instance crashed, timed out or was killed. */
  ok: boolean;
  error?: string;
  timedOut: boolean;
  /** Time spent in main (not waiting for or starting an instance). */
  durationMs: number;
  instanceId: string;
  /** Peak resident memory of the instance process during this invocation. */
  peakRssBytes: number;
  /** A new instance was started for this invocation. */
  coldStart: boolean;
  /** What the function printed during the invocation. */
  logs: string;
}

export interface InstanceInfo {
  id: string;
  name: string;
  busy: boolean;
  peakRssBytes: number;
  pid: number;
  invocations: number;
}

export interface FunctionHost {
  invoke(name: string, event: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  /**
   * Changes a function's configuration as the console does: later invocations run with it, in new
   * instances (idle ones are ended; busy ones finish their invocation and are not reused).
   */
  configure(name: string, config: FunctionConfig): void;
  /** A function's configuration as it stands (the console's 函数配置 page). */
  configuration(name: string): Required<FunctionConfig>;
  instances(): InstanceInfo[];
  /** Ends an instance at once, like the cloud killing it mid-run (its invocation fails). */
  killInstance(id: string): void;
  /** Kills every instance process and waits until they are gone. */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_INSTANCES = 100;
export const DEFAULT_IDLE_INSTANCE_MS = 5 * 60_000;
export const DEFAULT_APPID = 'wx0000000000000000';
/** What the cloud's default function configuration gives (reported to main in context). */
const MEMORY_LIMIT_MB = 256;

/** Where the functions find wx-server-sdk: the emulator's own install (the cloud installs it per function). */
const SDK_NODE_MODULES = dirname(dirname(createRequire(__filename).resolve('wx-server-sdk/package.json')));

export function createFunctionHost(options: HostOptions): FunctionHost {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeouts = new Map(Object.entries(options.functionTimeoutMs ?? {}));
  const envs = new Map(Object.entries(options.functionEnv ?? {}));
  const timeoutOf = (name: string) => timeouts.get(name) ?? timeoutMs;
  const maxInstances = options.maxInstancesPerFunction ?? DEFAULT_MAX_INSTANCES;
  const idleMs = options.idleInstanceMs ?? DEFAULT_IDLE_INSTANCE_MS;
  if (!(maxInstances >= 1)) throw new Error(`maxInstancesPerFunction must be at least 1, got ${maxInstances}`);
  const pools = new Map<string, Pool>();
  /** Every instance until its process is gone, so that close() also ends (and waits for) one loading or dying. */
  const all = new Map<string, Instance>();
  let counter = 0;
  let closed = false;

  const offsetMs = () => (options.clock.virtual ? options.clock.now().getTime() - Date.now() : 0);

  function instanceEnv(name: string): Record<string, string> {
    return {
      ...envs.get(name),
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_PATH: SDK_NODE_MODULES,
      TZ: 'UTC', // the cloud runtime's zone
      ...sdkEnvironment({ url: options.backendUrl, env: options.env }),
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_API_TOKEN',
    };
  }

  function poolFor(name: string): Pool {
    let pool = pools.get(name);
    if (!pool) {
      const { entry } = findFunction(options.functionsDir, name); // throws FunctionNotFoundError for an unknown name
      pool = new Pool({
        maxInstances,
        idleMs,
        timeoutMs: () => timeoutOf(name),
        spec: () => {
          const id = `${name}-${++counter}`;
          const onLog = options.onLog;
          return { id, name, entry, env: instanceEnv(name), offsetMs, ...(onLog ? { onLog: (text, stream) => onLog({ functionName: name, instanceId: id, stream, text }) } : {}) };
        },
        onStart: (instance) => {
          all.set(instance.id, instance);
          void instance.closed.then(() => all.delete(instance.id));
        },
      });
      pools.set(name, pool);
    }
    return pool;
  }

  function context(name: string, limitMs: number, requestId: string): Record<string, unknown> {
    // The fields of the cloud's `context` argument that mean something here.
    return {
      request_id: requestId,
      function_name: name,
      function_version: '$LATEST',
      namespace: options.env,
      memory_limit_in_mb: MEMORY_LIMIT_MB,
      time_limit_in_ms: limitMs,
    };
  }

  return {
    async invoke(name, event, invokeOptions = {}) {
      if (closed) throw new Error('function host is closed');
      const pool = poolFor(name);
      const source = invokeOptions.source === undefined ? 'wx_client' : invokeOptions.source;
      const openid = invokeOptions.openid;
      // APPID accompanies a user, as on the cloud ("小程序端调用云函数时有").
      const appid = invokeOptions.appid ?? (openid ? (options.appid ?? DEFAULT_APPID) : undefined);
      const limitMs = invokeOptions.timeoutMs ?? timeoutOf(name);
      const requestId = randomUUID();
      const timer = source === 'wx_trigger'; // started by the trigger itself, not a function it called
      // Sent by the SDK as wxCloudApiToken: tells the backend who makes a cloud.callFunction.
      const token = callerToken({ source: source ?? '', ...(openid ? { openid } : {}), ...(appid ? { appid } : {}) });

      let acquired: { instance: Instance; coldStart: boolean };
      try {
        acquired = await pool.acquire();
      } catch (e) {
        return { result: null, ok: false, error: (e as Error).message, timedOut: false, durationMs: 0, instanceId: '', peakRssBytes: 0, coldStart: true, logs: '' };
      }
      const { instance, coldStart } = acquired;
      let outcome: RunOutcome;
      const startedAtMs = Date.now();
      try {
        outcome = await instance.run({
          event,
          context: context(name, limitMs, requestId),
          env: {
            WX_OPENID: openid ?? null,
            WX_APPID: appid ?? null,
            WX_API_TOKEN: token,
            TCB_SOURCE: source,
            // The SDK's marker of a timer run (it then prefers WX_TRIGGER_API_TOKEN_V0).
            TRIGGER_SRC: timer ? 'timer' : null,
            WX_TRIGGER_API_TOKEN_V0: timer ? token : null,
          },
          timeoutMs: limitMs,
        });
      } finally {
        pool.release(instance);
      }
      const result: InvokeResult = {
        result: outcome.result,
        ok: outcome.ok,
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        timedOut: outcome.timedOut,
        durationMs: outcome.durationMs,
        instanceId: instance.id,
        peakRssBytes: outcome.peakRssBytes,
        coldStart,
        logs: outcome.logs,
      };
      options.onInvocation?.({ functionName: name, event, source: source ?? '', startedAtMs, endedAtMs: Date.now(), result });
      return result;
    },

    configure(name, config) {
      findFunction(options.functionsDir, name); // an unknown name throws, as the console has no such function
      if (config.timeoutMs !== undefined) {
        if (!(Number.isInteger(config.timeoutMs) && config.timeoutMs > 0)) throw new Error(`timeoutMs must be a positive whole number of ms, got ${config.timeoutMs}`);
        timeouts.set(name, config.timeoutMs);
      }
      if (config.env !== undefined) envs.set(name, { ...config.env });
      pools.get(name)?.renew();
    },

    configuration(name) {
      findFunction(options.functionsDir, name);
      return { timeoutMs: timeoutOf(name), env: { ...envs.get(name) } };
    },

    instances() {
      return [...all.values()].filter((i) => i.alive).map((i) => ({ id: i.id, name: i.name, busy: i.busy, peakRssBytes: i.peakRssBytes, pid: i.pid, invocations: i.invocations }));
    },

    killInstance(id) {
      const instance = all.get(id);
      if (!instance?.alive) throw new Error(`no running instance "${id}"`);
      instance.kill('instance was killed');
    },

    async close() {
      closed = true;
      for (const pool of pools.values()) pool.close();
      const instances = [...all.values()];
      for (const instance of instances) instance.kill('function host closed');
      await Promise.all(instances.map((i) => i.closed));
    },
  };
}
