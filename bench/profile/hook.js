// @ts-check
// Loaded into every function instance by bench/profile/run.ts (NODE_OPTIONS=--require). While the
// instance loads the bundle and while each invocation runs (seen from the runner's messages,
// emulator/host/runner.js) it profiles the CPU with the inspector's sampling profiler (--cpu-prof is
// not allowed in NODE_OPTIONS) and samples memory every 20 ms, keeping the sample with the highest
// RSS and V8's heap spaces at that moment; it writes one heap snapshot when RSS first reaches
// BENCH_SNAPSHOT_MB (and a copy of /proc/self/smaps just before). Idle, it does nothing (the bench tells a finished run by idle instances using
// no CPU). On SIGTERM it writes what it kept and exits (the emulator ends instances with SIGKILL).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const inspector = require('node:inspector');

const dir = process.env.BENCH_PROFILE_DIR || '.';
// To try what a V8 flag set from code would change (v8.setFlagsFromString, as a bundle could).
if (process.env.BENCH_V8_FLAGS) v8.setFlagsFromString(process.env.BENCH_V8_FLAGS);
const snapshotAt = Number(process.env.BENCH_SNAPSHOT_MB || 0) * 2 ** 20;
/** @type {Record<string, unknown> & { rss: number }} */
let peak = { rss: 0 };
let snapshot = '';
let part = 0;
/** @type {NodeJS.Timeout | undefined} */
let sampler;

const session = new inspector.Session();
session.connect();

function sample() {
  const m = process.memoryUsage();
  if (m.rss > peak.rss) {
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
    peak = { ...m, atMs: Math.round(process.uptime() * 1000), spaces }; // uptime: Date follows the emulator clock
  }
  if (snapshotAt && !snapshot && m.rss >= snapshotAt) {
    fs.writeFileSync(path.join(dir, `smaps-${process.pid}.txt`), fs.readFileSync('/proc/self/smaps')); // before the snapshot's own memory
    snapshot = v8.writeHeapSnapshot(path.join(dir, `heap-${process.pid}.heapsnapshot`));
  }
}

function start() {
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  sampler = setInterval(sample, 20);
  sampler.unref();
}

/** @param {() => void} [then] */
function stop(then) {
  clearInterval(sampler);
  sample();
  const name = path.join(dir, `cpu-${process.pid}-${part++}.cpuprofile`);
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(name, JSON.stringify(result.profile));
    then?.();
  });
}

start();
process.on('message', (/** @type {{ type?: string }} */ msg) => {
  if (msg && msg.type === 'invoke') start();
});
const send = process.send?.bind(process);
if (send) {
  process.send = /** @type {typeof process.send} */ ((/** @type {any} */ msg, /** @type {any[]} */ ...rest) => {
    if (msg && (msg.type === 'ready' || msg.type === 'result')) stop();
    return send(msg, ...rest);
  });
}

process.on('SIGTERM', () => {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  const cpu = process.cpuUsage();
  const out = { pid: process.pid, vmHwmBytes: hwm ? Number(hwm[1]) * 1024 : 0, cpuMs: (cpu.user + cpu.system) / 1000, peak, snapshot };
  fs.writeFileSync(path.join(dir, `memory-${process.pid}.json`), JSON.stringify(out));
  process.exit(0);
});
