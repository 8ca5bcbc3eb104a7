// Command line of the emulator:  wx-cloud-emulator <command> [options]  (bin.js; or
// `npx tsx cli.ts <command> [options]`). `help` lists the commands.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { startBackend, type IndexDeclarations } from './backend';
import { realClock, virtualClock, type Clock } from './clock';
import { startEmulator, type Emulator, type EmulatorOptions } from './index';

const HELP = `Local WeChat cloud emulator (database, open API, function instances, timers)

Usage: wx-cloud-emulator <command> [options]

Commands:
  start                  serve until Ctrl-C: print the backend URL, run timers, print function output
  invoke <function>      call a function once and print its answer (exit code 1 if it failed)
  fire <function>        run a function's timer trigger once and print its answer
  wipe --data <dir>      delete every collection in a data folder
  help                   this text

Options:
  --data <dir>           data folder (kept across runs); without it data lives in memory only
  --functions <dir>      built functions (default: the cloudfunctionRoot of ./project.config.json)
  --indexes <file>       database indexes in CloudBase's format ({ collection: { CreateIndexes: [...] } })
  --port <n>             backend port on 127.0.0.1 (default: any free port)
  --env <id>             environment id (default local-env)
  --clock <iso>          start a virtual clock at this instant (it then runs at normal speed)
  --timeout <ms>         per-invocation timeout (default 60000)
  --openid <id>          invoke: the calling user (SOURCE wx_client)
  --source <s>           invoke: SOURCE (default wx_client)
  --event <json>         invoke: the event (default {})
  --no-timers            start: do not fire timers

Do not point invoke/fire/wipe at a data folder that a running \`start\` is using.`;

const OPTIONS = {
  data: { type: 'string' },
  functions: { type: 'string' },
  indexes: { type: 'string' },
  port: { type: 'string' },
  env: { type: 'string' },
  clock: { type: 'string' },
  timeout: { type: 'string' },
  openid: { type: 'string' },
  source: { type: 'string' },
  event: { type: 'string' },
  'no-timers': { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function fail(message: string): never {
  console.error(`emulator: ${message}\n(wx-cloud-emulator help)`);
  process.exit(2);
}

function readCommandLine(): { command?: string; name?: string; flags: Flags } {
  try {
    const { positionals, values } = parseArgs({ options: OPTIONS, allowPositionals: true });
    return { command: positionals[0], name: positionals[1], flags: values };
  } catch (e) {
    fail((e as Error).message); // an unknown option, or one without its value
  }
}

function indexesFrom(flags: Flags): IndexDeclarations | undefined {
  if (flags.indexes === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(flags.indexes, 'utf8')) as IndexDeclarations; // checked by the backend
  } catch (e) {
    fail(`--indexes: ${(e as Error).message}`);
  }
}

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${flag} must be a whole number, got "${value}"`);
  return n;
}

function clockFrom(flags: Flags): Clock {
  if (flags.clock === undefined) return realClock();
  const start = new Date(flags.clock);
  if (Number.isNaN(start.getTime())) fail(`--clock must be an ISO date-time, got "${flags.clock}"`);
  return virtualClock(start);
}

function emulatorOptions(flags: Flags): EmulatorOptions {
  const port = number('port', flags.port);
  const timeoutMs = number('timeout', flags.timeout);
  const indexes = indexesFrom(flags);
  return {
    clock: clockFrom(flags),
    dataDir: flags.data ?? null,
    ...(flags.functions ? { functionsDir: flags.functions } : {}),
    ...(indexes ? { indexes } : {}),
    ...(flags.env ? { env: flags.env } : {}),
    ...(port === undefined ? {} : { port }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onLog: ({ functionName, stream, text }) => (stream === 'stderr' ? process.stderr : process.stdout).write(`[${functionName}] ${text}`),
  };
}

async function once(flags: Flags, run: (emulator: Emulator) => Promise<{ ok: boolean; result: unknown; error?: string }>): Promise<void> {
  const emulator = await startEmulator(emulatorOptions(flags));
  try {
    const r = await run(emulator);
    console.log(JSON.stringify(r.ok ? r.result : { error: r.error }, null, 2));
    process.exitCode = r.ok ? 0 : 1;
  } finally {
    await emulator.close();
  }
}

async function start(flags: Flags): Promise<void> {
  // Listen first: whoever reads the URL below may interrupt at once.
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const emulator = await startEmulator({
    ...emulatorOptions(flags),
    scheduleTimers: !flags['no-timers'],
    onFiring: (f) => console.log(`[timer] ${f.functionName} (${f.triggerName}) at ${f.scheduledAt.toISOString()}: ${f.ok ? JSON.stringify(f.result) : `FAILED ${f.error}`}`),
  });
  console.log(`emulator backend: ${emulator.backend.url}  (env ${emulator.backend.env}, clock ${emulator.clock.now().toISOString()}${emulator.clock.virtual ? ', virtual' : ''})`);
  console.log(`point wx-server-sdk at it with TCB_CONTEXT_CNFG='${JSON.stringify({ URL: emulator.backend.url })}'`);
  for (const t of emulator.timers.list()) console.log(`timer ${t.functionName}: "${t.cron}" next ${t.nextAt?.toISOString() ?? 'never'}${flags['no-timers'] ? ' (not firing: --no-timers)' : ''}`);
  await interrupted;
  await emulator.close();
}

async function main(): Promise<void> {
  const { command, name, flags } = readCommandLine();
  switch (command) {
    case 'start':
      return start(flags);
    case 'invoke': {
      if (!name) fail('invoke needs a function name');
      let event: unknown = {};
      try {
        event = JSON.parse(flags.event ?? '{}');
      } catch (e) {
        fail(`--event is not JSON: ${(e as Error).message}`);
      }
      return once(flags, (emulator) =>
        emulator.invoke(name, event, { ...(flags.openid ? { openid: flags.openid } : {}), ...(flags.source ? { source: flags.source } : {}) }),
      );
    }
    case 'fire':
      if (!name) fail('fire needs a function name');
      return once(flags, (emulator) => emulator.fireTimer(name));
    case 'wipe': {
      if (!flags.data) fail('wipe needs --data <dir>');
      const backend = await startBackend({ clock: realClock(), dataDir: flags.data }); // refuses a folder in use
      try {
        backend.wipe();
      } finally {
        await backend.close();
      }
      console.log(`wiped ${flags.data}`);
      return;
    }
    case undefined:
    case 'help':
      console.log(HELP);
      return;
    default:
      fail(`unknown command "${command}"`);
  }
}

main().catch((e: unknown) => {
  console.error(`emulator: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
