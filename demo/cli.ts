// `npm start`: boots the emulator with a fresh data folder and the built functions, replays a
// simulated week, prints the per-day summary, writes the HTML report, and with --serve keeps the
// dashboard running until Ctrl-C.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../emulator';
import { commandLine } from '../scripts/commandLine';
import { startDashboard } from './dashboard/server';
import { HELP, parseOptions } from './options';
import { progressBar } from './progress';
import { renderReport } from './report/html';
import { results } from './results';
import { runDemo } from './simulate';
import { formatPersonas } from './summary/personas';
import { formatCollections, formatLift, formatTable } from './summary/table';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const o = commandLine('npm start', HELP, (argv) => parseOptions(argv, path.join(ROOT, '.demo')));
  if (!o) return;
  const started = Date.now();
  let emulator: Emulator | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await emulator?.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(130));

  console.log(`Simulating ${o.users} users from ${o.start} for ${o.days} day(s): seed ${o.seed}, templateMessage ${o.templateMessage}, fault rate ${o.faultRate}, ${o.templates} subscribe template(s), holdout ${o.holdout} %`);
  console.log(`Booting the emulator on a fresh data folder (${path.join(o.out, 'data')}) and replaying the installs of the week before…`);
  const run = await runDemo(
    { users: o.users, days: o.days, seed: o.seed, templateMessage: o.templateMessage, faultRate: o.faultRate, templates: o.templates, holdoutPercent: o.holdout, start: o.start, dataDir: path.join(o.out, 'data') },
    progressBar(),
  );
  emulator = run.emulator;

  const report = results(run);
  console.log(`\n${formatTable(report.summary)}\n\n${formatLift(report.summary.lift, report.experiment.holdoutPercent, report.experiment.trueLift)}\n`);
  console.log(`Per persona (due user-days: the days a run took the user on; reminded: those with a message):\n${formatPersonas(report.population)}\n\n${formatCollections(report.collections)}\n`);
  for (const c of report.checks) console.log(`${c.ok ? '✓' : '✗'} ${c.label}: ${c.detail}`);
  fs.mkdirSync(o.out, { recursive: true });
  const file = path.resolve(o.out, 'report.html');
  fs.writeFileSync(file, renderReport(report));
  fs.writeFileSync(path.resolve(o.out, 'summary.json'), `${JSON.stringify({ options: run.options, summary: report.summary, experiment: report.experiment, personas: report.population, checks: report.checks, collections: report.collections }, null, 2)}\n`);
  console.log(`\nReport: ${file} (figures also in summary.json beside it)`);
  console.log(`Simulated in ${((Date.now() - started) / 1000).toFixed(0)} s.`);

  if (!o.serve) {
    console.log('To browse the runs, the outbox, users and collections: npm start -- --serve');
    await stop(0);
    return;
  }
  try {
    const dashboard = await startDashboard(run.emulator, o.port);
    console.log(`Dashboard: ${dashboard.url}  (Ctrl-C to stop)`);
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(inUse ? `npm start: port ${o.port} is in use; choose another with --port <n> (0 = any free port)` : `npm start: ${(error as Error).message}`);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  // Most failures here (a folder that cannot be written, a data folder in use by another run) need
  // their message, not a stack.
  const e = error as Error;
  console.error(`npm start: ${process.env.DEBUG ? e.stack : `${e.message} (DEBUG=1 prints the stack)`}`);
  process.exit(1);
});
