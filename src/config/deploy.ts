// The deployment part of app.config.json — the cloud environment and each function's timeout and
// memory — and the check of the whole file that `npm run build` runs before it bakes the file into
// the bundles: every setting, every key known, every template's data within WeChat's rules, and
// the timer functions' timeouts long enough for the run budget.
import { checkMessage, problemText } from '../domain/message/reminderMessage';
import { CONFIG_KEYS, loadConfig, MAX_SUBSCRIBE_TEMPLATES, SETTING_FILE_KEYS } from './index';
import { CONFIG_FILE, ConfigError, messageTemplate, subscribeTemplates, wholeNumber, type MessageTemplate, type Origin } from './values';

export interface FunctionSettings {
  /** Seconds (the console allows 1-60). */
  timeout: number;
  /** MB: one of MEMORY_SIZES. */
  memorySize: number;
}

export interface Deployment {
  /** The cloud environment id (云开发环境 ID); empty: the one DevTools selected. */
  cloudEnv: string;
  functions: Record<string, FunctionSettings>;
}

const MEMORY_SIZES = [128, 256, 512, 1024, 2048] as const;
/** A run keeps this much of its function's timeout for its last writes (DESIGN.md §2). */
const TIMEOUT_MARGIN_MS = 15_000;

const ENV_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const origin = (key: string): Origin => ({ key, source: 'file' });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The file's cloud environment id ('' for the one DevTools selected); a ConfigError when malformed. */
export function cloudEnvOf(file: Record<string, unknown>): string {
  const cloudEnv = file.cloudEnv;
  if (typeof cloudEnv !== 'string' || (cloudEnv !== '' && !ENV_ID_RE.test(cloudEnv))) {
    throw new ConfigError(origin('cloudEnv'), cloudEnv, 'must be the environment id from 云开发控制台 (letters, digits, "-"), or "" for the one DevTools selected');
  }
  return cloudEnv;
}

/** cloudEnv and the settings of each function in `names`; throws a ConfigError naming the entry. */
export function loadDeployment(file: Record<string, unknown>, names: readonly string[]): Deployment {
  const cloudEnv = cloudEnvOf(file);
  const listed = file.functions;
  if (!isObject(listed)) throw new ConfigError(origin('functions'), listed, `must give each function its timeout and memory: { "${names[0] ?? 'name'}": { "timeout": 20, "memorySize": 256 } }`);
  const functions: Record<string, FunctionSettings> = {};
  for (const name of Object.keys(listed)) {
    if (!names.includes(name)) throw new ConfigError(origin(`functions.${name}`), listed[name], `is not a cloud function of this project (${names.join(', ')})`);
  }
  for (const name of names) {
    const at = `functions.${name}`;
    const entry = listed[name];
    if (!isObject(entry)) throw new ConfigError(origin(at), entry, 'must be { "timeout": <seconds>, "memorySize": <MB> }');
    const unknown = Object.keys(entry).find((k) => k !== 'timeout' && k !== 'memorySize');
    if (unknown) throw new ConfigError(origin(`${at}.${unknown}`), entry[unknown], 'is not a function setting (timeout, memorySize)');
    const timeout = wholeNumber(entry.timeout, origin(`${at}.timeout`), 1, 60);
    const memorySize = entry.memorySize;
    if (!MEMORY_SIZES.includes(memorySize as never)) throw new ConfigError(origin(`${at}.memorySize`), memorySize, `must be one of ${MEMORY_SIZES.join(', ')} (MB)`);
    functions[name] = { timeout, memorySize: memorySize as number };
  }
  return { cloudEnv, functions };
}

function templateProblems(file: Record<string, unknown>): string[] {
  // Every template in the file, those without an id too: the mapping is checked before it is used.
  const problems: string[] = [];
  const check = (template: MessageTemplate, at: string, kind: 'subscribe' | 'form') => {
    const found = checkMessage(template.data, kind);
    if (found.length > 0) problems.push(`${at}.data (${CONFIG_FILE}): breaks WeChat's rules for message data: ${problemText(found)}`);
  };
  subscribeTemplates(file.subscribeTemplates, origin('subscribeTemplates'), MAX_SUBSCRIBE_TEMPLATES).forEach((t, i) => check(t, `subscribeTemplates[${i}]`, 'subscribe'));
  check(messageTemplate(file.formTemplate, origin('formTemplate'), 'form'), 'formTemplate', 'form');
  return problems;
}

/**
 * Everything wrong with a configuration file for these functions (`timer`: started by a timer
 * trigger, so its timeout must hold a run's budget). Empty: the build may bake it.
 */
export function configProblems(file: unknown, functions: ReadonlyArray<{ name: string; timer: boolean }>): string[] {
  if (!isObject(file)) return [`${CONFIG_FILE} must be a JSON object`];
  const problems: string[] = [];
  const attempt = (check: () => void) => {
    try {
      check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (!problems.includes(error.message)) problems.push(error.message);
    }
  };
  const known = [...SETTING_FILE_KEYS, 'cloudEnv', 'functions'];
  for (const key of Object.keys(file)) if (!known.includes(key)) problems.push(`${key} (${CONFIG_FILE}): is not a setting; the settings are ${known.join(', ')}`);
  for (const key of CONFIG_KEYS) attempt(() => loadConfig([key], {}, file));
  attempt(() => problems.push(...templateProblems(file)));
  attempt(() => {
    const { functions: settings } = loadDeployment(file, functions.map((f) => f.name));
    const { runBudgetMs } = loadConfig(['runBudgetMs'], {}, file);
    for (const { name } of functions.filter((f) => f.timer)) {
      const needed = Math.ceil((runBudgetMs + TIMEOUT_MARGIN_MS) / 1000);
      if (settings[name]!.timeout < needed) {
        problems.push(`functions.${name}.timeout ${settings[name]!.timeout} (${CONFIG_FILE}): a timer function needs at least runBudgetMs + 15 s = ${needed} s (60 s is the most the console allows), or a smaller runBudgetMs`);
      }
    }
  });
  return problems;
}
