// Reads what bench/profile/run.ts collected from the function's instances: V8 CPU profiles
// (.cpuprofile, from --cpu-prof) summed into where the time went, and the hook's memory records.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package under node_modules, our bundle, Node itself, or V8's own entries. */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node';
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (/cloudfunctions\/[^/]+\/index\.js$/.test(url)) return 'bundle';
  return url.replace(/^.*\//, '');
}

export interface CpuSummary {
  totalMs: number;
  /** Self time by where the code lives (package, bundle, node, GC). */
  byPlace: Map<string, number>;
  /** Time under module loading (require at start-up). */
  loadingMs: number;
  /** Total (inclusive) time by the deepest function of our bundle on the stack: which step of ours caused it. */
  byOurStep: Map<string, number>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

export function summarise(profiles: readonly CpuProfile[]): CpuSummary {
  const s: CpuSummary = { totalMs: 0, byPlace: new Map(), loadingMs: 0, byOurStep: new Map() };
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    p.samples.forEach((id, i) => {
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      const leaf = byId.get(id)!;
      if (leaf.callFrame.functionName === '(idle)') return;
      s.totalMs += ms;
      add(s.byPlace, placeOf(leaf.callFrame.url, leaf.callFrame.functionName), ms);
      let step: string | null = null;
      let loading = false;
      for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
        const { functionName, url } = n.callFrame;
        if (functionName === 'Module._load' || functionName === 'compileFunction') loading = true;
        if (step === null && placeOf(url, functionName) === 'bundle' && functionName) step = functionName;
      }
      if (loading) s.loadingMs += ms;
      else add(s.byOurStep, step ?? '(no frame of ours: callbacks of the SDK, HTTP, timers)', ms);
    });
  }
  return s;
}

export interface MemoryRecord {
  pid: number;
  vmHwmBytes: number;
  cpuMs: number;
  snapshot: string;
  peak: { rss: number; heapTotal?: number; heapUsed?: number; external?: number; arrayBuffers?: number; atMs?: number; spaces?: Record<string, { size: number; used: number }> };
}

export function readCollected(dir: string): { profiles: CpuProfile[]; memory: MemoryRecord[] } {
  const files = readdirSync(dir);
  const json = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
  return {
    profiles: files.filter((f) => f.endsWith('.cpuprofile')).map((f) => json(f) as CpuProfile),
    memory: files.filter((f) => /^memory-\d+\.json$/.test(f)).map((f) => json(f) as MemoryRecord),
  };
}

/** The largest entries of a map, as "name  ms  share" lines. */
export function top(m: Map<string, number>, total: number, n: number): string[] {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}
