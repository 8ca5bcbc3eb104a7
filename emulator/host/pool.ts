// The instances of one function: warm ones are reused one invocation at a time (most recently used
// first), a new one starts when none is idle, up to a limit; beyond it invocations wait in line,
// first come first served. An instance idle too long is ended, as the cloud reclaims it.
import { Instance, type InstanceSpec } from './instance';

export interface PoolOptions {
  maxInstances: number;
  idleMs: number;
  /** The function's timeout, also the limit for loading a bundle (read at each start: configure() may change it). */
  timeoutMs: () => number;
  /** A new instance's spec (its id is unique across the host). */
  spec: () => InstanceSpec;
  /** Every instance started, until its process is gone: the host ends (and waits for) them all on close. */
  onStart: (instance: Instance) => void;
}

export class Pool {
  private readonly instances = new Set<Instance>();
  private idle: Instance[] = [];
  private readonly idleTimers = new Map<Instance, NodeJS.Timeout>();
  private starting = 0;
  /** Bumped when the function's configuration changes; instances of an older one are not reused. */
  private generation = 0;
  private readonly born = new WeakMap<Instance, number>();
  /** Invocations waiting for an instance. */
  private readonly waiting: Array<(handed: Instance | null) => void> = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  async acquire(): Promise<{ instance: Instance; coldStart: boolean }> {
    for (;;) {
      if (this.closed) throw new Error('function host closed');
      let warm: Instance | undefined;
      while ((warm = this.idle.pop())) {
        this.stopIdleTimer(warm);
        if (warm.alive && !this.outdated(warm)) return { instance: warm, coldStart: false };
      }
      if (this.instances.size + this.starting < this.options.maxInstances) return { instance: await this.start(), coldStart: true };
      const handed = await new Promise<Instance | null>((resolve) => this.waiting.push(resolve));
      if (handed?.alive) return { instance: handed, coldStart: false };
    }
  }

  release(instance: Instance): void {
    if (this.outdated(instance)) instance.kill('instance replaced: the function configuration changed');
    if (!instance.alive) return this.forget(instance);
    const next = this.waiting.shift();
    if (next) return next(instance);
    this.idle.push(instance);
    const timer = setTimeout(() => instance.kill('idle instance reclaimed'), this.options.idleMs);
    timer.unref();
    this.idleTimers.set(instance, timer);
  }

  /** The configuration changed: idle instances end, busy ones end when their invocation does. */
  renew(): void {
    this.generation += 1;
    for (const instance of this.idle.splice(0)) {
      this.stopIdleTimer(instance);
      instance.kill('instance replaced: the function configuration changed');
    }
  }

  /** Wakes every waiting invocation (they fail); the host kills the instances. */
  close(): void {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake(null);
  }

  private outdated(instance: Instance): boolean {
    return this.born.get(instance) !== this.generation;
  }

  private async start(): Promise<Instance> {
    const instance = new Instance(this.options.spec());
    this.born.set(instance, this.generation);
    this.options.onStart(instance);
    void instance.closed.then(() => this.forget(instance));
    this.starting += 1;
    try {
      await instance.init(this.options.timeoutMs());
      this.instances.add(instance);
      return instance;
    } finally {
      this.starting -= 1;
      if (this.instances.size + this.starting < this.options.maxInstances) this.waiting.shift()?.(null);
    }
  }

  /** Drops a dead instance and lets a waiting invocation use the freed place. */
  private forget(instance: Instance): void {
    if (!this.instances.delete(instance)) return;
    this.stopIdleTimer(instance);
    this.idle = this.idle.filter((i) => i !== instance);
    this.waiting.shift()?.(null);
  }

  private stopIdleTimer(instance: Instance): void {
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
  }
}
