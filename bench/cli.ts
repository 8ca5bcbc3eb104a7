// npm run bench — see HELP in ./options.ts and docs/benchmark.md.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { commandLine } from '../scripts/commandLine';
import { HELP, parseOptions, type BenchOptions } from './options';
import { loadConfig } from '../src/config';
import { MAX_CONTINUATIONS } from '../src/domain/events/sendRemindersEvent';
import { figuresOf, fmt, ratioTable, runTable, TARGETS, verdicts, type Design, type Figures } from './report';
import { runScenario, type ScenarioResult } from './scenario';
import { isOurs, SYSTEMS } from './systems';

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GB, Node ${process.version}, load average ${load}`;
}

function describe(o: BenchOptions): string {
  const lat = (ms: number) => (o.scale === 1 ? `${ms} ms` : `${fmt(ms * o.scale)} ms (${ms} ms × scale ${o.scale})`);
  return [
    `latency: ${lat(o.dbLatencyMs)} per database request, ${lat(o.sendLatencyMs)} per send; function timeout ${o.timeoutMs} ms`,
    `users hold ${o.creditsPerUser} credit(s) each: ours ${o.channel === 'subscribe' ? 'subscribe grants (templateMessage retired: 45103, as WeChat today)' : 'form ids (templateMessage in legacy 2019 mode)'}; ` +
      `the article's tasks form ids, with templateMessage.send in the emulator's legacy (2019) mode so they can deliver — WeChat answers 45103 today`,
    `virtual start ${o.start.toISOString()}; article-fixed runs ${o.baselineConcurrency} users at once`,
  ].join('\n');
}

/** One line about a user: the sends WeChat saw, and the state of the user's credits and claim. */
function describeUser(about: unknown): string {
  const a = about as { openid: string; attempts: Array<{ at: unknown; errcode: number }>; documents: Record<string, Array<Record<string, unknown>>> };
  const when = (at: unknown) => (at instanceof Date ? at.toISOString() : String(at));
  const sends = a.attempts.map((x) => `${when(x.at)} errcode ${x.errcode}`).join(', ') || 'none';
  const credits = (a.documents.credits ?? []).map((c) => `${String(c._id)} ${String(c.status)}`).join(', ');
  const claim = JSON.stringify((a.documents.users ?? [])[0]?.remind ?? null);
  return `${a.openid} — sends: ${sends}; credits: ${credits}; claim: ${claim}`;
}

/** What the projections take from our design under this run's configuration. */
function designOf(env: Record<string, string>): Design {
  const { runBudgetMs } = loadConfig(['runBudgetMs'], env);
  return {
    fanOut100k: SYSTEMS.ours.designFanOut(TARGETS.users, env),
    million: { fanOut: SYSTEMS.ours.designFanOut(TARGETS.million, env), budgetS: runBudgetMs / 1000, maxRounds: 1 + MAX_CONTINUATIONS },
  };
}

async function main(): Promise<void> {
  const options = commandLine('npm run bench', HELP, parseOptions);
  if (!options) return;
  console.log(`benchmark ${new Date().toISOString()} — ${machine()}`);
  console.log(`command: npm run bench -- ${process.argv.slice(2).join(' ')}`);
  console.log(describe(options));

  const results: ScenarioResult[] = [];
  const figures: Figures[] = [];
  for (const users of options.sizes) {
    for (const system of options.systems) {
      console.log(`\n${system}, ${users.toLocaleString('en-US')} due users`);
      const r = await runScenario({ ...options, system, users, log: (line) => console.log(line) });
      results.push(r);
      const f = figuresOf(r, options.scale);
      figures.push(f);
      console.log(`  reminded ${f.reminded} (marked ${f.marked}), ${f.dbRequests} database requests (${r.writes} writes), ${f.sendAttempts} sends, wall ${fmt(f.wallS, 1)} s, fan-out ${f.fanOut}, peak ${fmt(f.peakMb, 0)} MB`);
      if (r.checkIns) console.log(`  then ${r.checkIns.checkIns} of them checked in: ${r.checkIns.dbRequests} database requests, ${r.checkIns.writes} writes (${fmt(f.writesPerCheckIn)} per check-in)`);
      for (const about of r.duplicateDetails) console.log(`  DUPLICATE reminder: ${describeUser(about)}`);
      if (isOurs(r.system) && r.delivered < r.reachable) for (const about of r.missedDetails) console.log(`  NOT REMINDED: ${describeUser(about)}`);
      if (r.duplicateDetails.length || (isOurs(r.system) && r.delivered < r.reachable)) console.log('  (everything the emulator holds about these users is in --json: results[].duplicateDetails / missedDetails)');
      if (r.deliveredWhenAnswered < r.delivered && r.activity.invocations === 1 && r.firings[0]?.ok) {
        console.log(`  (${r.deliveredWhenAnswered} delivered when main answered; the rest after it — the emulator keeps an instance running after main returns, the cloud freezes it)`);
      }
    }
  }

  console.log(`\nresults (${options.scale === 1 ? 'all measured' : `* = projected to full latency: wall / ${options.scale}, an upper bound`})`);
  console.log(runTable(figures, options.scale));
  const ours = figures.filter((f) => isOurs(f.system));
  let pass = true;
  if (ours.length) {
    const v = verdicts(ours, options, designOf(options.env));
    pass = v.pass;
    console.log(`\ntargets (DESIGN §5)\n${v.lines.join('\n')}`);
  }
  const ratios = ratioTable(figures);
  if (ratios) console.log(`\nours / baseline (reminded and reminded/s: higher is better for us; requests and wall time: lower)\n${ratios}`);
  if (figures.some((f) => f.backendElu > 0.8)) {
    console.log('\nWARNING: the emulator backend was busy over 80% of a run (emu ELU): its times are partly the emulator\'s.');
  }
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ at: new Date().toISOString(), machine: machine(), options, figures, results }, null, 2));
    console.log(`\nwrote ${options.json}`);
  }
  process.exitCode = pass ? 0 : 1;
}

void main();
