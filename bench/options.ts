// Command-line options of `npm run bench`, with their defaults and the help text.
import { decimal, OptionError, readOptions, wholeNumber } from '../scripts/commandLine';
import { SYSTEM_IDS, type Channel, type SystemId } from './systems';

export interface BenchOptions {
  sizes: number[];
  systems: SystemId[];
  dbLatencyMs: number;
  sendLatencyMs: number;
  scale: number;
  /** Function timeout in the emulator (not scaled): the deployed 60 s by default. */
  timeoutMs: number;
  creditsPerUser: number;
  channel: Channel;
  baselineConcurrency: number;
  /** Instances the design runs at once, for the 100k projection; null = the most observed. */
  fanOut: number | null;
  maxFirings: number;
  env: Record<string, string>;
  start: Date;
  quietMs: number;
  json: string | null;
  /** Append every function instance's console output here. */
  functionLog: string | null;
  help: boolean;
}

export const HELP = `npm run bench -- [options]

Boots the local emulator on a fresh temporary data folder for every run, seeds N due users straight
into its database, injects latency, fires each system's timer as its cron would, and checks who was
reminded against the emulator's outbox and database. Prints, per size and system: reminded users,
database requests per reminded user, sends per second per instance, peak instance memory, wall
time, instance fan-out, and the projected time for 100,000 users, with PASS/FAIL against DESIGN §5.

  --sizes 1000,10000,50000   due users per run (add 100000 for a full run)
  --full                     the same as adding 100000 to --sizes
  --systems ours,ours-retired,article,article-fixed
                             ours = cloudfunctions/sendReminders (run \`npm run build\` first; npm run bench does);
                             ours-retired = the same on a day after template messages were retired
                             (45103): half the users hold only form ids, fired every hour to 21:00;
                             article = the 2019 article's send task as written;
                             article-fixed = the same with its paging/await bugs fixed
  --db-latency 20            ms added to every database request
  --send-latency 150         ms added to every open-API send
  --scale 1                  multiply both latencies by this (e.g. 0.1 when a run would take too long);
                             times are then projected back to full latency (see below). Timeouts and
                             run budgets are not scaled: a shrunk run does more work per invocation
  --timeout-ms 60000         function timeout in the emulator (the deployed 60 s); our runs keep 15 s
                             of it and, below 20 s, claim nothing and say so
  --credits 2                credits per user
  --channel subscribe        our users' credits: subscribe (what WeChat delivers today; template
                             messages answer 45103) or form (form ids, templateMessage in 2019 mode)
  --baseline-concurrency 10  users in flight at once in article-fixed
  --fanout N                 instances at once the design uses, for the 100k projection
                             (default: the most observed in the largest run)
  --max-firings 12           ours: timer firings to try (hourly, 8-21 o'clock)
  --env KEY=VALUE            extra environment variable of the function under test (repeatable)
  --start ISO                virtual start time (default today 10:00 Asia/Shanghai)
  --quiet-ms 1000            a run is over after this long without a request or a busy instance
  --json FILE                also write every figure as JSON
  --function-log FILE        append what the function instances print (their warnings) to FILE
  --help                     this text

Measured vs projected: every count (reminded, requests, sends, memory, fan-out) is measured. Wall
time is measured at the latencies used; with --scale s < 1 the full-latency time is projected as
measured / s, an upper bound (the CPU part of the time is divided by s too). The 100,000-user time
is projected as 100,000 / (reminded per instance-second at full latency x the design's fan-out),
plus an hour for every extra timer firing the run needed; a run of 100,000 at --scale 1 is measured.
`;

/** 10:00 in Asia/Shanghai on today's Shanghai date: inside the send window, at the default hour. */
export function defaultStart(now = new Date()): Date {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate(), 2));
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  sizes: { type: 'string', default: '1000,10000,50000' },
  full: { type: 'boolean', default: false },
  systems: { type: 'string', default: SYSTEM_IDS.join(',') },
  'db-latency': { type: 'string', default: '20' },
  'send-latency': { type: 'string', default: '150' },
  scale: { type: 'string', default: '1' },
  'timeout-ms': { type: 'string', default: '60000' },
  credits: { type: 'string', default: '2' },
  channel: { type: 'string', default: 'subscribe' },
  'baseline-concurrency': { type: 'string', default: '10' },
  fanout: { type: 'string' },
  'max-firings': { type: 'string', default: '12' },
  env: { type: 'string', multiple: true },
  start: { type: 'string' },
  'quiet-ms': { type: 'string', default: '1000' },
  json: { type: 'string' },
  'function-log': { type: 'string' },
} as const;

function fileName(option: string, value: string | undefined): string | null {
  if (value === '') throw new OptionError(`--${option} needs a file name`);
  return value ?? null;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const v = readOptions(argv, OPTIONS);
  const sizes = v.sizes.split(',').map((s) => wholeNumber('sizes', s.replace(/_/g, ''), 1));
  if (v.full && !sizes.includes(100_000)) sizes.push(100_000);
  const systems = v.systems.split(',').filter(Boolean);
  const bad = systems.find((s) => !(SYSTEM_IDS as readonly string[]).includes(s));
  if (bad || systems.length === 0) throw new OptionError(`--systems takes a list of ${SYSTEM_IDS.join(', ')}; got ${bad ?? 'nothing'}`);
  if (v.channel !== 'subscribe' && v.channel !== 'form') throw new OptionError(`--channel is subscribe or form, got ${v.channel || 'nothing'}`);
  const env: Record<string, string> = {};
  for (const kv of v.env ?? []) {
    const eq = kv.indexOf('=');
    if (eq < 1) throw new OptionError(`--env takes KEY=VALUE, got ${kv || 'nothing'}`);
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const start = v.start === undefined ? defaultStart() : new Date(v.start);
  if (Number.isNaN(start.getTime())) throw new OptionError('--start takes an ISO date-time, e.g. 2026-03-09T02:00:00Z');
  return {
    sizes,
    systems: systems as SystemId[],
    dbLatencyMs: decimal('db-latency', v['db-latency'], 0),
    sendLatencyMs: decimal('send-latency', v['send-latency'], 0),
    // A shrinking factor: times are projected back to full latency by dividing by it.
    scale: decimal('scale', v.scale, 0.001, 1),
    timeoutMs: wholeNumber('timeout-ms', v['timeout-ms'], 1000),
    creditsPerUser: wholeNumber('credits', v.credits, 1),
    channel: v.channel,
    baselineConcurrency: wholeNumber('baseline-concurrency', v['baseline-concurrency'], 1),
    fanOut: v.fanout === undefined ? null : wholeNumber('fanout', v.fanout, 1),
    maxFirings: wholeNumber('max-firings', v['max-firings'], 1),
    env,
    start,
    quietMs: wholeNumber('quiet-ms', v['quiet-ms'], 50),
    json: fileName('json', v.json),
    functionLog: fileName('function-log', v['function-log']),
    help: v.help,
  };
}
