// Configuration: environment variables (settable per function in the cloud console) over the
// checked-in defaults. Validated once per distinct environment; errors name the field and value.
import defaults from './defaults.json';

export interface SendWindow {
  /** First hour (0-23, Shanghai) at which a send may start. */
  start: number;
  /** Last hour at which a send may start; `8-21` allows 08:00 through 21:59. */
  end: number;
}

export interface Config {
  /** Subscribe-message template id; empty disables the subscribe channel. */
  subscribeTemplateId: string;
  /** Template-message (form id) template id; empty disables the form channel. */
  formTemplateId: string;
  /** Mini-program page a reminder opens. */
  page: string;
  defaultHour: number;
  window: SendWindow;
  timezone: string;
  /** Subscribe template data: WeChat field key (thing1, date3, …) → text with {streak} and {date}. */
  subscribeData: Record<string, string>;
  /** Template-message data: keyword1… → text with {streak} and {date}. */
  formData: Record<string, string>;
  /** sendReminders: a run (or one of its workers) starts no new user after this long; below the function timeout. */
  runBudgetMs: number;
  /** sendReminders: sends in flight at once in one instance. */
  sendConcurrency: number;
  /** sendReminders: candidate users one instance takes on before the run fans out to more. */
  usersPerWorker: number;
  /** sendReminders: the most instances one run fans out to (at most the 64 user shards). */
  maxWorkers: number;
  /** expireFormIds: used, expired and invalid credits are deleted this many days after their last change. */
  retentionDays: number;
}

/** Environment variables read, with the config field each one sets. */
export const ENV_VARS = {
  REMINDER_SUBSCRIBE_TEMPLATE_ID: 'subscribeTemplateId',
  REMINDER_FORM_TEMPLATE_ID: 'formTemplateId',
  REMINDER_PAGE: 'page',
  REMINDER_DEFAULT_HOUR: 'defaultHour',
  REMINDER_WINDOW: 'window',
  REMINDER_TIMEZONE: 'timezone',
  REMINDER_SUBSCRIBE_DATA: 'subscribeData',
  REMINDER_FORM_DATA: 'formData',
  REMINDER_RUN_BUDGET_MS: 'runBudgetMs',
  REMINDER_SEND_CONCURRENCY: 'sendConcurrency',
  REMINDER_USERS_PER_WORKER: 'usersPerWorker',
  REMINDER_MAX_WORKERS: 'maxWorkers',
  REMINDER_RETENTION_DAYS: 'retentionDays',
} as const;

export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`invalid configuration ${field}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const TEMPLATE_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;
const PAGE_RE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*(\?[^\s]*)?$/;
const SUBSCRIBE_KEY_RE = /^[a-z_]+[0-9]+$/;
const FORM_KEY_RE = /^keyword[0-9]+$/;

const ENV_NAME_OF_FIELD: Record<string, string> = Object.fromEntries(Object.entries(ENV_VARS).map(([name, field]) => [field, name]));

function templateId(raw: unknown, field: string): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') throw new ConfigError(field, raw, 'must be a string');
  const id = raw.trim();
  if (id !== '' && !TEMPLATE_ID_RE.test(id)) throw new ConfigError(field, raw, 'a template id is 1-128 letters, digits, "_" or "-"');
  return id;
}

function hour(raw: unknown, field: string): number {
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 23) throw new ConfigError(field, raw, 'must be a whole hour 0-23');
  return n;
}

function wholeNumber(raw: unknown, field: string, min: number, max: number): number {
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new ConfigError(field, raw, `must be a whole number ${min}-${max}`);
  return n;
}

function sendWindow(raw: unknown, field: string): SendWindow {
  const m = typeof raw === 'string' ? /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(raw) : null;
  if (!m) throw new ConfigError(field, raw, 'must look like "8-21" (first and last hour a send may start)');
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > 23 || end > 23 || start > end) throw new ConfigError(field, raw, 'hours must be 0-23 with start <= end');
  return { start, end };
}

function timezone(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ConfigError(field, raw, 'must be an IANA time zone such as Asia/Shanghai');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: raw.trim() });
  } catch {
    throw new ConfigError(field, raw, 'is not a time zone this runtime knows');
  }
  return raw.trim();
}

function page(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || !PAGE_RE.test(raw.trim())) {
    throw new ConfigError(field, raw, 'must be a mini-program page path such as pages/checkin/index (no leading "/")');
  }
  return raw.trim();
}

function messageData(raw: unknown, field: string, keyRe: RegExp, example: string): Record<string, string> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ConfigError(field, raw, 'must be a JSON object');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(field, raw, `must be an object such as ${example}`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw new ConfigError(field, raw, 'must name at least one template field');
  const out: Record<string, string> = {};
  for (const [key, text] of entries) {
    if (!keyRe.test(key)) throw new ConfigError(`${field}.${key}`, text, `"${key}" is not a WeChat template field key (e.g. ${example})`);
    if (typeof text !== 'string' || text.trim() === '') throw new ConfigError(`${field}.${key}`, text, 'must be non-empty text');
    out[key] = text;
  }
  return out;
}

/** Reads and validates the configuration. Throws ConfigError naming the first bad field. */
export function loadConfig(env: Env = process.env, base: Record<string, unknown> = defaults): Config {
  const envName = (field: string) => ENV_NAME_OF_FIELD[field]!;
  const raw = (field: string): unknown => env[envName(field)] ?? base[field];
  // Errors name the env var when it was set, else the defaults file entry.
  const at = (field: string) => (env[envName(field)] !== undefined ? envName(field) : `defaults.${field}`);
  const config: Config = {
    subscribeTemplateId: templateId(raw('subscribeTemplateId'), at('subscribeTemplateId')),
    formTemplateId: templateId(raw('formTemplateId'), at('formTemplateId')),
    page: page(raw('page'), at('page')),
    defaultHour: hour(raw('defaultHour'), at('defaultHour')),
    window: sendWindow(raw('window'), at('window')),
    timezone: timezone(raw('timezone'), at('timezone')),
    subscribeData: messageData(raw('subscribeData'), at('subscribeData'), SUBSCRIBE_KEY_RE, '{"thing1":"…","date2":"{date}"}'),
    formData: messageData(raw('formData'), at('formData'), FORM_KEY_RE, '{"keyword1":"…"}'),
    // A run must end before the function timeout (60 s as deployed; up to 900 s where allowed).
    runBudgetMs: wholeNumber(raw('runBudgetMs'), at('runBudgetMs'), 1000, 840_000),
    sendConcurrency: wholeNumber(raw('sendConcurrency'), at('sendConcurrency'), 1, 100),
    usersPerWorker: wholeNumber(raw('usersPerWorker'), at('usersPerWorker'), 1, 1_000_000),
    maxWorkers: wholeNumber(raw('maxWorkers'), at('maxWorkers'), 1, 64),
    retentionDays: wholeNumber(raw('retentionDays'), at('retentionDays'), 1, 3650),
  };
  if (config.defaultHour < config.window.start || config.defaultHour > config.window.end) {
    throw new ConfigError(at('defaultHour'), config.defaultHour, `must lie inside the send window ${config.window.start}-${config.window.end}`);
  }
  return config;
}

let cached: { key: string; config: Config } | undefined;

/** loadConfig for the current process environment, validated once per distinct set of values. */
export function currentConfig(env: Env = process.env): Config {
  const key = JSON.stringify(Object.keys(ENV_VARS).map((k) => env[k] ?? null));
  if (cached?.key !== key) cached = { key, config: loadConfig(env) };
  return cached.config;
}
