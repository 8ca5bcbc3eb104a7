// Runs a TypeScript module's exports in a fresh Node process under a given TZ.
// Jest's sandbox copies process.env, so assigning TZ inside a test does not reach the clock.
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Calls `script` (a JS function body with the module bound to `m`) and returns what it returns. */
export function runInZone<T>(modulePath: string, tz: string, script: string): T {
  const dir = mkdtempSync(join(tmpdir(), 'tz-'));
  try {
    const bundle = join(dir, 'module.js');
    buildSync({ entryPoints: [modulePath], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent' });
    const runner = join(dir, 'run.js');
    writeFileSync(runner, `const m = require(${JSON.stringify(bundle)});\nprocess.stdout.write(JSON.stringify((() => { ${script} })()));\n`);
    const out = execFileSync(process.execPath, [runner], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    return JSON.parse(out) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
