// @ts-check
// The program inside every function instance (one child process per instance, forked by
// emulator/host/instance.ts). Plain JavaScript so it runs from a clean clone without a build.
//
// It loads the deployable bundle unmodified with require(), then serves one invocation at a time:
// before each `main(event, context)` it sets the per-invocation environment the SDK reads
// (WX_OPENID, WX_APPID, TCB_SOURCE, ...) and the emulator clock's offset. `Date` is replaced
// before the bundle loads so that `new Date()` / `Date.now()` follow the emulator clock
// (virtual time at invocation start + real time elapsed); timers (setTimeout) stay real.
//
// Messages (process.send / 'message'):
//   parent -> { type: 'init', entry, offsetMs }          -> { type: 'ready', peakRssBytes } | { type: 'initError', error }
//   parent -> { type: 'invoke', id, event, context, env, offsetMs }
//                                                        -> { type: 'result', id, ok, json?, error?, peakRssBytes }
//   child  -> { type: 'memory', rssBytes }  every MEMORY_SAMPLE_MS while an invocation runs
'use strict';

const fs = require('node:fs');

const MEMORY_SAMPLE_MS = 100;
const RealDate = Date;
let offsetMs = 0;

function virtualNow() {
  return RealDate.now() + offsetMs;
}

/** A Date that reads the emulator clock when built without arguments; everything else is the real Date. */
function installVirtualDate() {
  /** @this {unknown} */
  function EmulatorDate(/** @type {any[]} */ ...args) {
    if (!new.target) return new RealDate(virtualNow()).toString(); // Date() called as a function
    return Reflect.construct(RealDate, args.length === 0 ? [virtualNow()] : args, new.target);
  }
  // Same prototype, so `x instanceof Date` holds for dates made anywhere; statics (UTC, parse) inherited.
  EmulatorDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(EmulatorDate, RealDate);
  Object.defineProperty(EmulatorDate, 'now', { value: virtualNow, writable: true, configurable: true });
  Object.defineProperty(EmulatorDate, 'name', { value: 'Date' });
  globalThis.Date = /** @type {DateConstructor} */ (/** @type {unknown} */ (EmulatorDate));
}

// Peak memory: the kernel's high-water mark (VmHWM), reset per invocation through clear_refs where
// Linux allows it; elsewhere the largest rss sample seen.
let sampledPeak = 0;
let canResetPeak = true;
function kernelPeak() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
function samplePeak() {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  return Math.max(sampledPeak, kernelPeak());
}
function resetPeak() {
  sampledPeak = process.memoryUsage.rss();
  if (!canResetPeak) return;
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    canResetPeak = false;
  }
}

function describe(/** @type {unknown} */ error) {
  if (error instanceof Error) return error.stack || `${error.name}: ${error.message}`;
  try {
    return typeof error === 'string' ? error : JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** @type {((event: unknown, context: unknown) => unknown) | undefined} */
let main;

function init(/** @type {{ entry: string; offsetMs: number }} */ msg) {
  offsetMs = msg.offsetMs;
  installVirtualDate();
  try {
    const mod = require(msg.entry);
    if (typeof mod.main !== 'function') throw new Error(`${msg.entry} does not export a main function`);
    main = mod.main;
  } catch (error) {
    send({ type: 'initError', error: describe(error) });
    return;
  }
  send({ type: 'ready', peakRssBytes: samplePeak() });
}

/**
 * @param {{ id: string; event: unknown; context: object; env: Record<string, string | null>; offsetMs: number }} msg
 */
async function invoke(msg) {
  offsetMs = msg.offsetMs;
  for (const [key, value] of Object.entries(msg.env)) {
    if (value === null) delete process.env[key];
    else process.env[key] = value;
  }
  resetPeak();
  send({ type: 'memory', rssBytes: samplePeak() }); // so that even a crash at once reports a figure
  const sampler = setInterval(() => send({ type: 'memory', rssBytes: samplePeak() }), MEMORY_SAMPLE_MS);
  sampler.unref();
  /** @type {{ ok: boolean; json?: string; error?: string }} */
  let outcome;
  try {
    const value = await /** @type {NonNullable<typeof main>} */ (main)(msg.event, msg.context);
    // The cloud hands the caller the JSON form of the answer (Dates become strings).
    const json = JSON.stringify(value === undefined ? null : value);
    outcome = { ok: true, json };
  } catch (error) {
    outcome = { ok: false, error: describe(error) };
  }
  clearInterval(sampler);
  send({ type: 'result', id: msg.id, ...outcome, peakRssBytes: samplePeak() });
}

function send(/** @type {object} */ message) {
  if (process.send && process.connected) process.send(message);
}

process.on('message', (/** @type {any} */ msg) => {
  if (msg && msg.type === 'init') init(msg);
  else if (msg && msg.type === 'invoke') void invoke(msg);
});
// The host went away (or closed the channel): an orphaned instance must not linger.
process.on('disconnect', () => process.exit(0));
