// How a cloud function is bundled and which wx-server-sdk it declares: one definition for
// `npm run build` and for the benchmark's 2019 port, so the two cannot drift apart.
import type { BuildOptions, Plugin } from 'esbuild';
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

/** The CloudBase runtime a bundle is deployed on: the Node version its `target` is written for. */
export const FUNCTION_RUNTIME = 'Nodejs16.13';

/** The variable that holds app.config.json's text in a bundle (tests find it there). */
export const BAKED_CONFIG_VAR = 'APP_CONFIG_JSON';

/**
 * Bakes the configuration into a bundle: its import of app.config.json becomes exactly `text`
 * (the file the build validated), parsed when the bundle loads.
 */
export function bakeConfig(text: string): Plugin {
  return {
    name: 'bake-app-config',
    setup(build) {
      build.onLoad({ filter: /[\\/]app\.config\.json$/ }, () => ({
        contents: `var ${BAKED_CONFIG_VAR} = ${JSON.stringify(text)};\nmodule.exports = JSON.parse(${BAKED_CONFIG_VAR});\n`,
        loader: 'js',
      }));
    },
  };
}

/** The exact wx-server-sdk version the project tests with (its package.json). */
export function pinnedSdkVersion(): string {
  const pkg = JSON.parse(readFileSync(join(resolve(__dirname, '..'), 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return pkg.dependencies['wx-server-sdk']!;
}
