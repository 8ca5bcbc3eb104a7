// The deployable function folders the emulator serves: <functionsDir>/<name>/index.js, with the
// timer trigger (if any) from <name>/config.json. A WeChat project names that folder in its
// project.config.json (cloudfunctionRoot).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCron, type CronSchedule } from '../timers/cron';

export interface TimerTrigger {
  name: string;
  cron: string;
  schedule: CronSchedule;
}

export interface DeployedFunction {
  name: string;
  /** Absolute path of the bundle. */
  entry: string;
  trigger: TimerTrigger | null;
}

// Same shape as the cloud's function names; also keeps a name from escaping functionsDir.
const FUNCTION_NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export class FunctionNotFoundError extends Error {}

/** The cloudfunctionRoot that a WeChat project's project.config.json names, as an absolute path. */
export function cloudfunctionRoot(projectDir: string = process.cwd()): string {
  const file = join(projectDir, 'project.config.json');
  const project = JSON.parse(readFileSync(file, 'utf8')) as { cloudfunctionRoot?: unknown };
  if (typeof project.cloudfunctionRoot !== 'string') throw new Error(`${file} names no cloudfunctionRoot`);
  return resolve(projectDir, project.cloudfunctionRoot);
}

function readTrigger(dir: string, name: string): TimerTrigger | null {
  const file = join(dir, 'config.json');
  if (!existsSync(file)) return null;
  let config: { triggers?: Array<{ name?: unknown; type?: unknown; config?: unknown }> };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch (e) {
    throw new Error(`${name}/config.json is not valid JSON: ${(e as Error).message}`);
  }
  const timer = (config.triggers ?? []).find((t) => t.type === 'timer');
  if (!timer) return null;
  const parsed = parseCron(timer.config);
  if (!parsed.ok) throw new Error(`${name}/config.json trigger ${JSON.stringify(timer.name)}: ${parsed.error}`);
  return { name: String(timer.name), cron: String(timer.config), schedule: parsed.schedule };
}

/** One deployed function, or FunctionNotFoundError when there is no such bundle. */
export function findFunction(functionsDir: string, name: string): DeployedFunction {
  const dir = resolve(functionsDir, name);
  const entry = join(dir, 'index.js');
  if (!FUNCTION_NAME_RE.test(name) || !existsSync(entry)) {
    throw new FunctionNotFoundError(`no function "${name}" in ${functionsDir} (a folder with a built index.js)`);
  }
  return { name, entry, trigger: readTrigger(dir, name) };
}

/** Every folder of functionsDir that holds an index.js, sorted by name. */
export function listFunctions(functionsDir: string): DeployedFunction[] {
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && FUNCTION_NAME_RE.test(d.name) && existsSync(join(functionsDir, d.name, 'index.js')))
    .map((d) => findFunction(functionsDir, d.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}
