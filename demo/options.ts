// `npm start` options: parsed strictly, each error naming the option and what it accepts.
import { isLocalDate, type LocalDate } from '../src/domain/time';
import type { TemplateMessageMode } from '../emulator/backend';

export interface CliOptions {
  users: number;
  days: number;
  seed: number;
  templateMessage: TemplateMessageMode;
  faultRate: number;
  start: LocalDate;
  /** Folder for the data folder and the report. */
  out: string;
  serve: boolean;
  port: number;
  help: boolean;
}

export const DEFAULTS: Omit<CliOptions, 'out'> = {
  users: 300,
  days: 7,
  seed: 1,
  templateMessage: 'retired',
  faultRate: 0.02,
  start: '2024-06-03',
  serve: false,
  port: 4310,
  help: false,
};

export const HELP = `npm start — the whole system on the local emulator: a simulated week, a report and a dashboard

Usage: npm start [-- options]

Options:
  --users <n>               simulated users, 1-5000 (default ${DEFAULTS.users})
  --days <n>                simulated days, 1-31 (default ${DEFAULTS.days})
  --seed <n>                seed of the users' habits and of the send faults, 0-2147483647 (default ${DEFAULTS.seed});
                            the same seed gives the same figures
  --template-message <mode> templateMessage.send as WeChat answered it: legacy (2019: form ids deliver)
                            or retired (today: errcode 45103) (default ${DEFAULTS.templateMessage})
  --fault-rate <r>          share of message sends WeChat answers with -1 "system busy", 0-1 (default ${DEFAULTS.faultRate})
  --start <YYYY-MM-DD>      first simulated day, Shanghai date (default ${DEFAULTS.start})
  --out <dir>               where the data folder and report.html go (default .demo)
  --serve                   keep the dashboard running after the week, until Ctrl-C
  --port <n>                dashboard port on 127.0.0.1, 0 = any free port (default ${DEFAULTS.port})
  --help                    this text

Examples:
  npm start
  npm start -- --users 50 --days 3 --seed 7 --template-message legacy --fault-rate 0.1
  npm start -- --serve --port 8080
`;

export class OptionError extends Error {
  override name = 'OptionError';
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new OptionError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function rate(name: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new OptionError(`--${name} must be a number from 0 to 1, got "${raw}"`);
  return n;
}

const FLAGS = new Set(['serve', 'help']);
const VALUED = new Set(['users', 'days', 'seed', 'template-message', 'fault-rate', 'start', 'out', 'port']);

export function parseOptions(argv: readonly string[], defaultOut: string): CliOptions {
  const o: CliOptions = { ...DEFAULTS, out: defaultOut };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new OptionError(`unexpected argument "${arg}" (options start with --; see --help)`);
    const name = m[1] as string;
    if (!FLAGS.has(name) && !VALUED.has(name)) throw new OptionError(`unknown option --${name} (see --help)`);
    if (seen.has(name)) throw new OptionError(`--${name} is given twice`);
    seen.add(name);
    if (FLAGS.has(name)) {
      if (m[2] !== undefined) throw new OptionError(`--${name} takes no value`);
      if (name === 'serve') o.serve = true;
      else o.help = true;
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new OptionError(`--${name} needs a value (see --help)`);
    }
    switch (name) {
      case 'users':
        o.users = integer(name, value, 1, 5000);
        break;
      case 'days':
        o.days = integer(name, value, 1, 31);
        break;
      case 'seed':
        o.seed = integer(name, value, 0, 2147483647);
        break;
      case 'port':
        o.port = integer(name, value, 0, 65535);
        break;
      case 'fault-rate':
        o.faultRate = rate(name, value);
        break;
      case 'template-message':
        if (value !== 'legacy' && value !== 'retired') throw new OptionError(`--template-message must be legacy or retired, got "${value}"`);
        o.templateMessage = value;
        break;
      case 'start':
        if (!isLocalDate(value)) throw new OptionError(`--start must be a date YYYY-MM-DD, got "${value}"`);
        o.start = value;
        break;
      case 'out':
        if (value.trim() === '') throw new OptionError('--out must name a folder');
        o.out = value;
        break;
    }
  }
  return o;
}
