// Starts the emulator in a process of its own (child.ts) and talks to it over IPC: each method of
// protocol.ts is a request answered by the child. Closing (or the caller's process going away)
// stops the emulator, its function instances and its port.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { READY, type EmulatorMethods, type Reply, type Request, type StartOptions } from './protocol';

export type { CallOutcome, EmulatorMethods, ProcessEmulatorOptions, StartOptions } from './protocol';

export interface EmulatorProcess {
  /** One request to the emulator; rejects with the child's error text. */
  request<K extends keyof EmulatorMethods>(method: K, ...args: Parameters<EmulatorMethods[K]>): Promise<Awaited<ReturnType<EmulatorMethods[K]>>>;
  /** The child process. */
  readonly pid: number;
  /** Stops the emulator and waits until its process has exited. */
  close(): Promise<void>;
}

const CHILD = join(__dirname, 'child.ts');

/** Forks the emulator process and starts the emulator in it; nothing is left running when the start fails. */
export async function startEmulatorProcess(options: StartOptions): Promise<EmulatorProcess> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    // Structured clone: Dates travel as Dates (queries on dates, the clock).
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m) => (m === READY ? resolve() : reject(new Error(`the emulator process said ${String(m)} first`))));
    void exited.then(() => reject(new Error('the emulator process exited before it was ready')));
  });

  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  child.on('message', (reply: Reply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) w?.reject(new Error(`emulator: ${reply.error}`));
    else w?.resolve(reply.value);
  });
  void exited.then(() => {
    for (const w of waiting.values()) w.reject(new Error('the emulator process exited'));
    waiting.clear();
  });
  const request = ((method: keyof EmulatorMethods, ...args: unknown[]) =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error(`the emulator process is gone (calling ${method})`));
      const id = ++next;
      waiting.set(id, { resolve, reject });
      child.send({ id, method, args } satisfies Request);
    })) as EmulatorProcess['request'];

  try {
    await request('start', options);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    request,
    pid: child.pid ?? -1,
    async close() {
      if (child.connected) await request('close');
      await exited;
    },
  };
}
