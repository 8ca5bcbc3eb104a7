// Checks a cloud function's config.json and package.json the way WeChat DevTools and the cloud
// would take them, so a broken trigger or permission fails the build instead of the deploy.
import { parseCron } from 'wx-cloud-emulator/cron';

/** Open APIs this project's functions may declare (cloud.openapi namespaces.methods). */
export const KNOWN_OPENAPI = ['subscribeMessage.send', 'subscribeMessage.getTemplateList', 'templateMessage.send'] as const;

const TRIGGER_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export interface FunctionConfig {
  permissions: { openapi: string[] };
  triggers?: Array<{ name: string; type: 'timer'; config: string }>;
}

/** Problems with a config.json text; empty when WeChat would accept it. */
export function checkConfigJson(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text); // strict JSON: comments and trailing commas fail here, as in the cloud
  } catch (e) {
    return [`config.json is not strict JSON (no comments or trailing commas): ${(e as Error).message}`];
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['config.json must be a JSON object'];
  const errors: string[] = [];
  const cfg = value as Record<string, unknown>;
  for (const key of Object.keys(cfg)) {
    if (key !== 'permissions' && key !== 'triggers') errors.push(`config.json: unknown key "${key}"`);
  }
  const permissions = cfg.permissions as Record<string, unknown> | undefined;
  if (!permissions || typeof permissions !== 'object' || !Array.isArray(permissions.openapi)) {
    errors.push('config.json: permissions.openapi must be an array (empty when the function calls no open API)');
  } else {
    for (const api of permissions.openapi) {
      if (typeof api !== 'string' || !(KNOWN_OPENAPI as readonly string[]).includes(api)) {
        errors.push(`config.json: permissions.openapi has ${JSON.stringify(api)}; expected one of ${KNOWN_OPENAPI.join(', ')}`);
      }
    }
  }
  if (cfg.triggers !== undefined) {
    if (!Array.isArray(cfg.triggers)) {
      errors.push('config.json: triggers must be an array');
    } else {
      if (cfg.triggers.length > 1) errors.push(`config.json: WeChat allows one trigger per function, found ${cfg.triggers.length}`);
      cfg.triggers.forEach((t: unknown, i) => errors.push(...checkTrigger(t, i)));
    }
  }
  return errors;
}

function checkTrigger(trigger: unknown, i: number): string[] {
  const at = `config.json: triggers[${i}]`;
  if (!trigger || typeof trigger !== 'object') return [`${at} must be an object`];
  const t = trigger as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof t.name !== 'string' || !TRIGGER_NAME_RE.test(t.name)) {
    errors.push(`${at}.name ${JSON.stringify(t.name)}: must start with a letter and use at most 60 of a-z A-Z 0-9 _ -`);
  }
  if (t.type !== 'timer') errors.push(`${at}.type ${JSON.stringify(t.type)}: only "timer" triggers exist`);
  const cron = parseCron(t.config);
  if (!cron.ok) errors.push(`${at}.config: ${cron.error}`);
  return errors;
}

/** Problems with a function's package.json: it must pin wx-server-sdk to the version the project tests. */
export function checkPackageJson(text: string, sdkVersion: string): string[] {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return [`package.json is not valid JSON: ${(e as Error).message}`];
  }
  const deps = (pkg.dependencies ?? {}) as Record<string, unknown>;
  if (deps['wx-server-sdk'] !== sdkVersion) {
    return [`package.json: dependencies["wx-server-sdk"] is ${JSON.stringify(deps['wx-server-sdk'])}; it must be exactly "${sdkVersion}", the version the tests run`];
  }
  if (pkg.main !== undefined && pkg.main !== 'index.js') return [`package.json: main must be "index.js", found ${JSON.stringify(pkg.main)}`];
  return [];
}
