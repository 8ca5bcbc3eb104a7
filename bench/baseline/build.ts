// Bundles the two ports of the article's send task into a functions folder the emulator serves
// (<dir>/<name>/index.js + config.json + package.json), the way `npm run build` bundles ours. For
// the benchmark only: the baseline is not a deployable part of the project.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_BUNDLE, pinnedSdkVersion } from '../../scripts/bundle';

export const BASELINE_FUNCTIONS = {
  /** The article's task as written. */
  asWritten: 'sendMessageTask',
  /** The same with its paging and await bugs fixed. */
  fixed: 'sendMessageTaskFixed',
} as const;

/** "比如每天10:00执行": the article ran its send task once a day at 10:00 (UTC+8, like WeChat's crons). */
export const BASELINE_CRON = '0 0 10 * * * *';

export async function buildBaseline(dir: string): Promise<string> {
  for (const name of Object.values(BASELINE_FUNCTIONS)) {
    const out = join(dir, name);
    mkdirSync(out, { recursive: true });
    await build({
      entryPoints: [join(__dirname, `${name}.ts`)],
      outfile: join(out, 'index.js'),
      ...FUNCTION_BUNDLE,
    });
    const config = { permissions: { openapi: ['templateMessage.send'] }, triggers: [{ name: 'daily', type: 'timer', config: BASELINE_CRON }] };
    writeFileSync(join(out, 'config.json'), JSON.stringify(config, null, 2));
    writeFileSync(join(out, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': pinnedSdkVersion() } }, null, 2));
  }
  return dir;
}
