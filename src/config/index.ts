// Configuration (DESIGN.md §2 "Configuration"; docs/configuration.md): app.config.json, checked in,
// validated by `npm run build` and baked into every function bundle, with console variables
// (环境变量) overriding single values at invocation time. A function reads only the settings it
// uses, each validated the same way whatever its source; errors name the key and the reason.
// Adding a setting: a field of Config, a row of SETTINGS, its value in app.config.json.
import bakedFile from '../../app.config.json';
import { HOLDOUT_MAX_PERCENT } from '../domain/holdout';
import {
  ConfigError,
  hour,
  messageData,
  messageTemplate,
  oneOf,
  page,
  sendWindow,
  subscribeTemplates,
  templateId,
  timezone,
  wholeNumber,
  type MessageTemplate,
  type Origin,
  type SendWindow,
} from './values';

export { CONFIG_FILE, ConfigError, type MessageTemplate, type SendWindow } from './values';

/** Which build a reminder opens (subscribeMessage.send's miniprogram_state). */
const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;
/** The language of the message's 进入小程序查看 (subscribeMessage.send's lang). */
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'] as const;
/** wx.requestSubscribeMessage asks for at most 3 templates at a time (PLATFORM.md §1). */
export const MAX_SUBSCRIBE_TEMPLATES = 3;

export interface Config {
  /** Subscribe templates a send may use, each with its own data; empty turns the channel off. */
  subscribeTemplates: MessageTemplate[];
  /** The template-message (form id) template; null turns the form channel off. */
  formTemplate: MessageTemplate | null;
  /** Mini-program page a reminder opens. */
  page: string;
  defaultHour: number;
  window: SendWindow;
  timezone: string;
  miniprogramState: (typeof MINIPROGRAM_STATES)[number];
  lang: (typeof LANGS)[number];
  /** sendReminders / expireFormIds: start no new work after this long; below the function timeout. */
  runBudgetMs: number;
  /** sendReminders: sends in flight at once in one instance. */
  sendConcurrency: number;
  /** sendReminders: candidate users one instance takes on before the run fans out to more. */
  usersPerWorker: number;
  /** sendReminders: the most instances one run fans out to (at most the 64 user shards). */
  maxWorkers: number;
  /** expireFormIds: used, expired and invalid credits are deleted this many days after their last change. */
  retentionDays: number;
  /** expireFormIds: check-in records are kept for this many Shanghai dates, today included (the user's summary keeps the totals). */
  checkInRetentionDays: number;
  /** sendReminders: share of due user-days held out (not reminded) to measure the lift, 0-50 (docs/holdout.md). */
  holdoutPercent: number;
}

export type ConfigKey = keyof Config;
type Env = Record<string, string | undefined>;
interface Sources {
  file: Record<string, unknown>;
  env: Env;
}
type Get = <K extends ConfigKey>(key: K) => Config[K];

interface Setting<K extends ConfigKey> {
  /** Its entry in app.config.json. */
  file: string;
  /** The console variables that override it. */
  env: readonly string[];
  read(sources: Sources, get: Get): Config[K];
}

const fileOrigin = (key: string): Origin => ({ key, source: 'file' });
const envOrigin = (key: string): Origin => ({ key, source: 'env' });

/** A value from the file, or from its console variable when that is set. */
function single<K extends ConfigKey>(file: string, variable: string, parse: (raw: unknown, origin: Origin) => Config[K]): Setting<K> {
  return {
    file,
    env: [variable],
    read: ({ file: f, env }) => (env[variable] !== undefined ? parse(env[variable], envOrigin(variable)) : parse(f[file], fileOrigin(file))),
  };
}

function readSubscribeTemplates({ file, env }: Sources): MessageTemplate[] {
  const { REMINDER_SUBSCRIBE_TEMPLATES: whole, REMINDER_SUBSCRIBE_TEMPLATE_ID: id, REMINDER_SUBSCRIBE_DATA: data } = env;
  if (whole !== undefined && (id !== undefined || data !== undefined)) {
    throw new ConfigError(envOrigin('REMINDER_SUBSCRIBE_TEMPLATES'), whole, 'set it or REMINDER_SUBSCRIBE_TEMPLATE_ID / REMINDER_SUBSCRIBE_DATA, not both');
  }
  let list =
    whole !== undefined
      ? subscribeTemplates(whole, envOrigin('REMINDER_SUBSCRIBE_TEMPLATES'), MAX_SUBSCRIBE_TEMPLATES)
      : subscribeTemplates(file.subscribeTemplates, fileOrigin('subscribeTemplates'), MAX_SUBSCRIBE_TEMPLATES);
  // The shorthand variables change the first template, the usual single-template case.
  if (id !== undefined || data !== undefined) {
    const first = {
      id: id !== undefined ? templateId(id, envOrigin('REMINDER_SUBSCRIBE_TEMPLATE_ID')) : (list[0]?.id ?? ''),
      data: data !== undefined ? messageData(data, envOrigin('REMINDER_SUBSCRIBE_DATA'), 'subscribe') : list[0]?.data,
    };
    if (!first.data) throw new ConfigError(envOrigin('REMINDER_SUBSCRIBE_TEMPLATE_ID'), id, 'app.config.json lists no subscribe template whose data it could take: set REMINDER_SUBSCRIBE_DATA too');
    if (first.id !== '' && list.slice(1).some((t) => t.id === first.id)) throw new ConfigError(envOrigin('REMINDER_SUBSCRIBE_TEMPLATE_ID'), id, 'is already another entry of subscribeTemplates');
    list = [{ id: first.id, data: first.data }, ...list.slice(1)];
  }
  return list.filter((t) => t.id !== '');
}

function readFormTemplate({ file, env }: Sources): MessageTemplate | null {
  const base = messageTemplate(file.formTemplate, fileOrigin('formTemplate'), 'form');
  const id = env.REMINDER_FORM_TEMPLATE_ID !== undefined ? templateId(env.REMINDER_FORM_TEMPLATE_ID, envOrigin('REMINDER_FORM_TEMPLATE_ID')) : base.id;
  const data = env.REMINDER_FORM_DATA !== undefined ? messageData(env.REMINDER_FORM_DATA, envOrigin('REMINDER_FORM_DATA'), 'form') : base.data;
  return id === '' ? null : { id, data };
}

const defaultHour = single<'defaultHour'>('defaultHour', 'REMINDER_DEFAULT_HOUR', hour);

const SETTINGS: { [K in ConfigKey]: Setting<K> } = {
  subscribeTemplates: { file: 'subscribeTemplates', env: ['REMINDER_SUBSCRIBE_TEMPLATES', 'REMINDER_SUBSCRIBE_TEMPLATE_ID', 'REMINDER_SUBSCRIBE_DATA'], read: readSubscribeTemplates },
  formTemplate: { file: 'formTemplate', env: ['REMINDER_FORM_TEMPLATE_ID', 'REMINDER_FORM_DATA'], read: readFormTemplate },
  page: single('page', 'REMINDER_PAGE', page),
  defaultHour: {
    ...defaultHour,
    read(sources, get) {
      const value = defaultHour.read(sources, get);
      const { start, end } = get('window');
      if (value < start || value > end) {
        const variable = defaultHour.env[0]!;
        const origin = sources.env[variable] !== undefined ? envOrigin(variable) : fileOrigin(defaultHour.file);
        throw new ConfigError(origin, value, `must lie inside the send window ${start}-${end}`);
      }
      return value;
    },
  },
  window: single('window', 'REMINDER_WINDOW', sendWindow),
  timezone: single('timezone', 'REMINDER_TIMEZONE', timezone),
  miniprogramState: single('miniprogramState', 'REMINDER_MINIPROGRAM_STATE', (raw, o) => oneOf(raw, o, MINIPROGRAM_STATES)),
  lang: single('lang', 'REMINDER_LANG', (raw, o) => oneOf(raw, o, LANGS)),
  // A run must end before the function timeout (60 s as deployed; up to 900 s where allowed).
  runBudgetMs: single('runBudgetMs', 'REMINDER_RUN_BUDGET_MS', (raw, o) => wholeNumber(raw, o, 1000, 840_000)),
  sendConcurrency: single('sendConcurrency', 'REMINDER_SEND_CONCURRENCY', (raw, o) => wholeNumber(raw, o, 1, 100)),
  usersPerWorker: single('usersPerWorker', 'REMINDER_USERS_PER_WORKER', (raw, o) => wholeNumber(raw, o, 1, 1_000_000)),
  maxWorkers: single('maxWorkers', 'REMINDER_MAX_WORKERS', (raw, o) => wholeNumber(raw, o, 1, 64)),
  retentionDays: single('retentionDays', 'REMINDER_RETENTION_DAYS', (raw, o) => wholeNumber(raw, o, 1, 3650)),
  // Streaks, totals and the learned hour live on the user's summary; at least the 14 dates the habit looks at, and today.
  checkInRetentionDays: single('checkInRetentionDays', 'REMINDER_CHECKIN_RETENTION_DAYS', (raw, o) => wholeNumber(raw, o, 15, 3650)),
  // Up to half: the other half is reminded, and the reminder is the product.
  holdoutPercent: single('holdoutPercent', 'REMINDER_HOLDOUT_PERCENT', (raw, o) => wholeNumber(raw, o, 0, HOLDOUT_MAX_PERCENT)),
};

export const CONFIG_KEYS = Object.keys(SETTINGS) as ConfigKey[];
/** Every console variable some setting reads. */
export const ENV_VARS: readonly string[] = CONFIG_KEYS.flatMap((k) => SETTINGS[k].env);
/** The app.config.json entries the settings read (the file has `cloudEnv` and `functions` too: ./deploy.ts). */
export const SETTING_FILE_KEYS: readonly string[] = CONFIG_KEYS.map((k) => SETTINGS[k].file);

/** The app.config.json this bundle was built with. */
const BAKED_FILE: unknown = bakedFile;

/**
 * The settings `keys` (and those they depend on), from `file` with `env` over it. Throws a
 * ConfigError naming the first bad value; settings not asked for are not looked at.
 */
export function loadConfig<K extends ConfigKey>(keys: readonly K[], env: Env = process.env, file: unknown = BAKED_FILE): Pick<Config, K> {
  const sources: Sources = { file: typeof file === 'object' && file !== null && !Array.isArray(file) ? (file as Record<string, unknown>) : {}, env };
  const done = new Map<ConfigKey, unknown>();
  const get: Get = (key) => {
    if (!done.has(key)) done.set(key, SETTINGS[key].read(sources, get));
    return done.get(key) as Config[typeof key];
  };
  return Object.fromEntries(keys.map((k) => [k, get(k)])) as Pick<Config, K>;
}

/** The console variables set for the settings `keys`: what overrides app.config.json here. */
export function overridesOf(keys: readonly ConfigKey[], env: Env = process.env): string[] {
  return keys.flatMap((k) => SETTINGS[k].env).filter((name) => env[name] !== undefined);
}

const cache = new Map<string, { env: string; config: unknown }>();

/** loadConfig for this process's environment, validated once per distinct set of console variables. */
export function currentConfig<K extends ConfigKey>(keys: readonly K[], env: Env = process.env): Pick<Config, K> {
  const id = keys.join();
  const values = JSON.stringify(ENV_VARS.map((name) => env[name] ?? null));
  const hit = cache.get(id);
  if (hit?.env === values) return hit.config as Pick<Config, K>;
  const config = loadConfig(keys, env);
  cache.set(id, { env: values, config });
  return config;
}
