// How a cloud function is bundled and which wx-server-sdk it declares: one definition for
// `npm run build` and for the benchmark's 2019 port, so the two cannot drift apart.
import type { BuildOptions } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** esbuild options of a deployable index.js: shared code bundled, the SDK left external. */
export const FUNCTION_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node16',
  // The cloud installs wx-server-sdk from package.json; it reads its own files at run time.
  external: ['wx-server-sdk'],
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** The exact wx-server-sdk version the project tests with (its package.json). */
export function pinnedSdkVersion(): string {
  const pkg = JSON.parse(readFileSync(join(resolve(__dirname, '..'), 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return pkg.dependencies['wx-server-sdk']!;
}
