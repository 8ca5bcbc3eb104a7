// npm run bench:profile -- [--users 1000] [--snapshot-mb 0] [--out DIR] [bench options…]
// One benchmark run of ours with every function instance profiled (bench/profile/hook.js through
// NODE_OPTIONS), then: where the instances' CPU went (by package, and by the step of ours
// that caused it), and each instance's memory at its highest RSS (V8's heap spaces at that moment).
// With --snapshot-mb M an instance writes a heap snapshot when its RSS first reaches M MB.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseOptions } from '../options';
import { figuresOf, fmt } from '../report';
import { runScenario } from '../scenario';
import { readCollected, summarise, top } from './analyze';

const MB = 2 ** 20;

function take(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const [, value] = argv.splice(i, 2);
  return value;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const snapshotMb = Number(take(argv, 'snapshot-mb') ?? 0);
  const out = resolve(take(argv, 'out') ?? mkdtempSync(join(tmpdir(), 'bench-profile-')));
  mkdirSync(out, { recursive: true });
  const options = parseOptions(argv.includes('--sizes') ? argv : ['--sizes', '1000', ...argv]);
  const hook = resolve(__dirname, 'hook.js');
  const env = {
    ...options.env,
    NODE_OPTIONS: `--require ${hook} ${options.env.NODE_OPTIONS ?? ''}`.trim(),
    BENCH_PROFILE_DIR: out,
    BENCH_SNAPSHOT_MB: String(snapshotMb),
  };
  const users = options.sizes[0]!;
  const result = await runScenario({
    ...options,
    system: 'ours',
    users,
    env,
    log: (line) => console.log(line),
    // Before the emulator closes (SIGKILL): each instance ends itself and writes its profile.
    async inspect(emu) {
      const pids = emu.host.instances().map((i) => i.pid);
      for (const pid of pids) process.kill(pid, 'SIGTERM');
      for (let waited = 0; waited < 30_000 && readCollected(out).memory.length < pids.length; waited += 200) await new Promise((r) => setTimeout(r, 200));
    },
  });
  const f = figuresOf(result, options.scale);
  console.log(`\n${users} users: reminded ${f.reminded}, peak ${fmt(f.peakMb, 0)} MB, ${fmt(f.fnCpuMsPerReminded, 2)} ms function CPU per reminded user (profiling on: slower than a bench run)`);

  const { profiles, memory } = readCollected(out);
  const cpu = summarise(profiles);
  const per = (ms: number) => `${fmt(ms / Math.max(1, f.reminded), 2)} ms per reminded user`;
  const cpuMs = memory.reduce((a, m) => a + m.cpuMs, 0);
  console.log(`\nCPU of ${memory.length} instance(s): ${fmt(cpuMs, 0)} ms (${per(cpuMs)}); the profiles' samples (${fmt(cpu.totalMs, 0)} ms, wall time on a busy machine) split it:`);
  console.log(`module loading ${fmt((100 * cpu.loadingMs) / cpu.totalMs, 1)} %`);
  console.log('self time by where the code lives:');
  console.log(top(cpu.byPlace, cpu.totalMs, 14).join('\n'));
  console.log('time by the step of ours on the stack (module loading left out):');
  console.log(top(cpu.byOurStep, cpu.totalMs, 20).join('\n'));

  console.log('\nmemory of each instance at its highest RSS (MB):');
  for (const m of memory.sort((a, b) => b.peak.rss - a.peak.rss).slice(0, 5)) {
    const p = m.peak;
    const spaces = Object.entries(p.spaces ?? {})
      .filter(([, s]) => s.size > MB / 2)
      .map(([k, s]) => `${k} ${fmt(s.size / MB, 0)} (${fmt(s.used / MB, 0)} used)`)
      .join(', ');
    console.log(`  pid ${m.pid}: VmHWM ${fmt(m.vmHwmBytes / MB, 0)}, rss ${fmt(p.rss / MB, 0)} at ${fmt((p.atMs ?? 0) / 1000, 1)} s of its life — heap ${fmt((p.heapTotal ?? 0) / MB, 0)} (${fmt((p.heapUsed ?? 0) / MB, 0)} used), external ${fmt((p.external ?? 0) / MB, 0)} (array buffers ${fmt((p.arrayBuffers ?? 0) / MB, 0)}); ${spaces}${m.snapshot ? `; snapshot ${m.snapshot}` : ''}`);
  }
  console.log(`\nprofiles and records: ${out}`);
}

void main();
