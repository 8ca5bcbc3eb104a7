// `npm start` options: parsed strictly, each error naming the option and what it accepts.
import { HOLDOUT_MAX_PERCENT } from '../src/domain/holdout';
import { isLocalDate, type LocalDate } from '../src/domain/time';
import type { TemplateMessageMode } from '../emulator/backend';
import { decimal, OptionError, readOptions, wholeNumber } from '../scripts/commandLine';

export interface CliOptions {
  users: number;
  days: number;
  seed: number;
  templateMessage: TemplateMessageMode;
  faultRate: number;
  /** Subscribe templates configured and asked for in one dialog. */
  templates: number;
  holdout: number;
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
  templates: 3,
  holdout: 0,
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
  --templates <n>           subscribe templates configured, 1-3; the app asks for all in one dialog and
                            each accept is one reminder (default ${DEFAULTS.templates})
  --holdout <percent>       share of due user-days held out (not reminded) to measure whether reminders
                            work: REMINDER_HOLDOUT_PERCENT, 0-50 (default ${DEFAULTS.holdout})
  --start <YYYY-MM-DD>      first simulated day, Shanghai date (default ${DEFAULTS.start})
  --out <dir>               where the data folder and report.html go (default .demo)
  --serve                   keep the dashboard running after the week, until Ctrl-C
  --port <n>                dashboard port on 127.0.0.1, 0 = any free port (default ${DEFAULTS.port})
  --help                    this text

Examples:
  npm start
  npm start -- --users 50 --days 3 --seed 7 --template-message legacy --fault-rate 0.1 --templates 1
  npm start -- --holdout 20
  npm start -- --serve --port 8080
`;

const OPTIONS = {
  users: { type: 'string', default: String(DEFAULTS.users) },
  days: { type: 'string', default: String(DEFAULTS.days) },
  seed: { type: 'string', default: String(DEFAULTS.seed) },
  'template-message': { type: 'string', default: DEFAULTS.templateMessage },
  'fault-rate': { type: 'string', default: String(DEFAULTS.faultRate) },
  templates: { type: 'string', default: String(DEFAULTS.templates) },
  holdout: { type: 'string', default: String(DEFAULTS.holdout) },
  start: { type: 'string', default: DEFAULTS.start },
  out: { type: 'string' },
  port: { type: 'string', default: String(DEFAULTS.port) },
  serve: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

export function parseOptions(argv: readonly string[], defaultOut: string): CliOptions {
  const v = readOptions(argv, OPTIONS);
  const templateMessage = v['template-message'];
  if (templateMessage !== 'legacy' && templateMessage !== 'retired') throw new OptionError(`--template-message must be legacy or retired, got "${templateMessage}"`);
  if (!isLocalDate(v.start)) throw new OptionError(`--start must be a date YYYY-MM-DD, got "${v.start}"`);
  if (v.out?.trim() === '') throw new OptionError('--out must name a folder');
  return {
    users: wholeNumber('users', v.users, 1, 5000),
    days: wholeNumber('days', v.days, 1, 31),
    seed: wholeNumber('seed', v.seed, 0, 2147483647),
    templateMessage,
    faultRate: decimal('fault-rate', v['fault-rate'], 0, 1),
    templates: wholeNumber('templates', v.templates, 1, 3),
    holdout: wholeNumber('holdout', v.holdout, 0, HOLDOUT_MAX_PERCENT),
    start: v.start,
    out: v.out ?? defaultOut,
    serve: v.serve,
    port: wholeNumber('port', v.port, 0, 65535),
    help: v.help,
  };
}
