// Command-line options of `npm run bench`, with their defaults and the help text.
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
  --systems ours,article,article-fixed
                             ours = cloudfunctions/sendReminders (run \`npm run build\` first; npm run bench does);
                             article = the 2019 article's send task as written;
                             article-fixed = the same with its paging/await bugs fixed
  --db-latency 20            ms added to every database request
  --send-latency 150         ms added to every open-API send
  --scale 1                  multiply both latencies by this (e.g. 0.1 when a run would take too long);
                             times are then projected back to full latency (see below). Timeouts and
                             run budgets are not scaled: a shrunk run does more work per invocation
  --timeout-ms 60000         function timeout in the emulator (the deployed 60 s)
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

function number(flag: string, raw: string | undefined, { min = 0, integer = false } = {}): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new Error(`${flag} needs ${integer ? 'a whole number' : 'a number'} >= ${min}, got ${raw ?? 'nothing'}`);
  }
  return n;
}

/** 10:00 in Asia/Shanghai on today's Shanghai date: inside the send window, at the default hour. */
export function defaultStart(now = new Date()): Date {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate(), 2));
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    sizes: [1000, 10_000, 50_000],
    systems: [...SYSTEM_IDS],
    dbLatencyMs: 20,
    sendLatencyMs: 150,
    scale: 1,
    timeoutMs: 60_000,
    creditsPerUser: 2,
    channel: 'subscribe',
    baselineConcurrency: 10,
    fanOut: null,
    maxFirings: 12,
    env: {},
    start: defaultStart(),
    quietMs: 1000,
    json: null,
    functionLog: null,
    help: false,
  };
  let full = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--sizes':
        o.sizes = (value() ?? '').split(',').map((s) => number('--sizes', s.replace(/_/g, ''), { min: 1, integer: true }));
        break;
      case '--full':
        full = true;
        break;
      case '--systems': {
        const list = (value() ?? '').split(',').filter(Boolean);
        const bad = list.find((s) => !(SYSTEM_IDS as readonly string[]).includes(s));
        if (bad || list.length === 0) throw new Error(`--systems takes a list of ${SYSTEM_IDS.join(', ')}; got ${bad ?? 'nothing'}`);
        o.systems = list as SystemId[];
        break;
      }
      case '--db-latency':
        o.dbLatencyMs = number(flag, value());
        break;
      case '--send-latency':
        o.sendLatencyMs = number(flag, value());
        break;
      case '--scale':
        o.scale = number(flag, value(), { min: 0.001 });
        if (o.scale > 1) throw new Error('--scale shrinks latencies: use a value in (0, 1]');
        break;
      case '--timeout-ms':
        o.timeoutMs = number(flag, value(), { min: 1000, integer: true });
        break;
      case '--credits':
        o.creditsPerUser = number(flag, value(), { min: 1, integer: true });
        break;
      case '--channel': {
        const c = value();
        if (c !== 'subscribe' && c !== 'form') throw new Error(`--channel is subscribe or form, got ${c ?? 'nothing'}`);
        o.channel = c;
        break;
      }
      case '--baseline-concurrency':
        o.baselineConcurrency = number(flag, value(), { min: 1, integer: true });
        break;
      case '--fanout':
        o.fanOut = number(flag, value(), { min: 1, integer: true });
        break;
      case '--max-firings':
        o.maxFirings = number(flag, value(), { min: 1, integer: true });
        break;
      case '--env': {
        const kv = value() ?? '';
        const eq = kv.indexOf('=');
        if (eq < 1) throw new Error(`--env takes KEY=VALUE, got ${kv || 'nothing'}`);
        o.env[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      case '--start': {
        const d = new Date(value() ?? '');
        if (Number.isNaN(d.getTime())) throw new Error('--start takes an ISO date-time, e.g. 2026-03-09T02:00:00Z');
        o.start = d;
        break;
      }
      case '--quiet-ms':
        o.quietMs = number(flag, value(), { min: 50, integer: true });
        break;
      case '--json':
        o.json = value() ?? null;
        if (!o.json) throw new Error('--json needs a file name');
        break;
      case '--function-log':
        o.functionLog = value() ?? null;
        if (!o.functionLog) throw new Error('--function-log needs a file name');
        break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  if (full && !o.sizes.includes(100_000)) o.sizes.push(100_000);
  return o;
}
