// One function instance: a child process running runner.js, which has required the function's
// bundle. Serves one invocation at a time; a timeout or a kill ends the process (SIGKILL), as the
// cloud does, and the instance is never used again.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const RUNNER = join(__dirname, 'runner.js');
const LOG_TAIL_CHARS = 64 * 1024;

export interface InstanceSpec {
  id: string;
  name: string;
  /** Absolute path of the function's index.js. */
  entry: string;
  /** The whole process environment of the instance (nothing is inherited from the host). */
  env: Record<string, string>;
  /** Emulator clock minus the wall clock, in ms, read when needed. */
  offsetMs: () => number;
  onLog?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunRequest {
  event: unknown;
  context: Record<string, unknown>;
  /** Per-invocation environment; null removes a variable left by an earlier invocation. */
  env: Record<string, string | null>;
  timeoutMs: number;
}

export interface RunOutcome {
  ok: boolean;
  result: unknown;
  error?: string;
  timedOut: boolean;
  /** The process is gone (crash, timeout or kill): the instance must not be reused. */
  ended: boolean;
  durationMs: number;
  peakRssBytes: number;
  logs: string;
}

type RunnerMessage =
  | { type: 'ready'; peakRssBytes: number }
  | { type: 'initError'; error: string }
  | { type: 'memory'; rssBytes: number }
  | { type: 'result'; id: string; ok: boolean; json?: string; error?: string; peakRssBytes: number };

interface Pending {
  id: string;
  started: number;
  logs: string;
  peak: number;
  timer: NodeJS.Timeout;
  resolve: (outcome: RunOutcome) => void;
}

/** The kernel's high-water mark of a live process, or 0 where /proc is not available. */
function processPeak(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function tail(text: string): string {
  return text.length > LOG_TAIL_CHARS ? text.slice(-LOG_TAIL_CHARS) : text;
}

export class Instance {
  readonly id: string;
  readonly name: string;
  readonly pid: number;
  /** Largest peak RSS seen over the instance's life (start-up and every invocation). */
  peakRssBytes = 0;
  invocations = 0;
  /** Resolves once the process has exited and its output streams are closed. */
  readonly closed: Promise<void>;

  private readonly child: ChildProcess;
  private readonly spec: InstanceSpec;
  private pending: Pending | null = null;
  private recentOutput = '';
  private exitDescription: string | null = null;
  private seq = 0;
  private endedReason: string | null = null;
  private onMessage: ((msg: RunnerMessage) => void) | null = null;
  private onGone: (() => void) | null = null;

  /** Forks the instance process; `init` then loads the bundle. */
  constructor(spec: InstanceSpec) {
    this.spec = spec;
    this.id = spec.id;
    this.name = spec.name;
    this.child = fork(RUNNER, [], {
      env: spec.env,
      execArgv: [], // not the host's (e.g. a TypeScript loader): an instance is a plain Node process
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.pid = this.child.pid ?? -1;
    this.child.stdout?.setEncoding('utf8').on('data', (t: string) => this.log(t, 'stdout'));
    this.child.stderr?.setEncoding('utf8').on('data', (t: string) => this.log(t, 'stderr'));
    this.child.on('message', (msg: RunnerMessage) => this.handle(msg));
    this.child.on('error', () => undefined); // a failed kill/send surfaces through 'close'
    // 'exit' marks the instance dead at once; 'close' (output fully read) reports the crash.
    this.child.once('exit', (code, signal) => {
      this.exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.endedReason ??= `instance process ${this.exitDescription}`;
    });
    this.closed = new Promise((resolve) => {
      this.child.once('close', () => {
        this.endedReason ??= 'instance process ended';
        this.onGone?.();
        this.finish({ ok: false, error: this.crashMessage(), timedOut: false });
        resolve();
      });
    });
  }

  get alive(): boolean {
    return this.endedReason === null;
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  /** Loads the bundle; rejects (and kills the process) if loading fails or takes longer than timeoutMs. */
  init(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        this.onMessage = null;
        this.onGone = null;
        this.kill(why);
        reject(new Error(`${this.name}: instance failed to start: ${why}`));
      };
      const timer = setTimeout(() => fail(`loading took longer than ${timeoutMs} ms`), timeoutMs);
      this.onGone = () => fail(this.crashMessage());
      this.onMessage = (msg) => {
        if (msg.type === 'initError') fail(msg.error);
        if (msg.type !== 'ready') return;
        clearTimeout(timer);
        this.onMessage = null;
        this.onGone = null;
        this.peakRssBytes = Math.max(this.peakRssBytes, msg.peakRssBytes);
        resolve();
      };
      this.child.send({ type: 'init', entry: this.spec.entry, offsetMs: this.spec.offsetMs() });
    });
  }

  /** Runs one invocation. Never rejects: failures, crashes and timeouts are outcomes. */
  run(request: RunRequest): Promise<RunOutcome> {
    if (!this.alive) throw new Error(`instance ${this.id} has ended`);
    if (this.pending) throw new Error(`instance ${this.id} is busy`);
    this.invocations += 1;
    const id = `${this.id}#${++this.seq}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const seconds = (request.timeoutMs / 1000).toFixed(request.timeoutMs % 1000 === 0 ? 0 : 3);
        this.kill(`Task timed out after ${seconds} seconds`, true);
      }, request.timeoutMs);
      this.pending = { id, started: performance.now(), logs: '', peak: 0, timer, resolve };
      this.child.send({ type: 'invoke', id, event: request.event, context: request.context, env: request.env, offsetMs: this.spec.offsetMs() });
    });
  }

  /** Ends the process at once (SIGKILL), like the cloud reclaiming an instance; a running invocation fails. */
  kill(reason = 'instance was killed', timedOut = false): void {
    if (this.endedReason === null) {
      this.endedReason = reason;
      const peak = processPeak(this.child.pid); // read before the process disappears
      if (this.pending) this.pending.peak = Math.max(this.pending.peak, peak);
      this.peakRssBytes = Math.max(this.peakRssBytes, peak);
      this.child.kill('SIGKILL');
    }
    this.finish({ ok: false, error: reason, timedOut });
  }

  private handle(msg: RunnerMessage): void {
    this.onMessage?.(msg);
    const pending = this.pending;
    if (msg.type === 'memory') {
      if (pending) pending.peak = Math.max(pending.peak, msg.rssBytes);
      this.peakRssBytes = Math.max(this.peakRssBytes, msg.rssBytes);
    } else if (msg.type === 'result' && pending && msg.id === pending.id) {
      pending.peak = Math.max(pending.peak, msg.peakRssBytes);
      let result: unknown = null;
      if (msg.ok && msg.json !== undefined) result = JSON.parse(msg.json);
      // Output written before the answer is already in the pipes: let this loop turn read it first.
      setImmediate(() => {
        if (this.pending === pending) this.finish({ ok: msg.ok, result, error: msg.error, timedOut: false });
      });
    }
  }

  private finish(outcome: { ok: boolean; result?: unknown; error?: string; timedOut: boolean }): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    this.peakRssBytes = Math.max(this.peakRssBytes, pending.peak);
    pending.resolve({
      ok: outcome.ok,
      result: outcome.ok ? outcome.result : null,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      timedOut: outcome.timedOut,
      ended: !this.alive,
      durationMs: Math.round((performance.now() - pending.started) * 10) / 10,
      peakRssBytes: pending.peak,
      logs: pending.logs,
    });
  }

  private log(text: string, stream: 'stdout' | 'stderr'): void {
    this.recentOutput = tail(this.recentOutput + text);
    if (this.pending) this.pending.logs = tail(this.pending.logs + text);
    this.spec.onLog?.(text, stream);
  }

  private crashMessage(): string {
    const output = this.recentOutput.trim().split('\n').slice(-20).join('\n');
    return `instance process ${this.exitDescription ?? 'ended'}${output ? `; last output:\n${output}` : ''}`;
  }
}
