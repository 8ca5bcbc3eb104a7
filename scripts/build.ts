// npm run build: checks and bundles every cloud function into its deployable folder.
//   cloudfunctions/<name>/index.ts  -> cloudfunctions/<name>/index.js (shared code bundled, SDK external)
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FUNCTION_BUNDLE, pinnedSdkVersion } from './bundle';
import { commandLine, readOptions } from './commandLine';
import { checkConfigJson, checkPackageJson } from './functionConfig';

const root = resolve(__dirname, '..');

const HELP = `npm run build — checks every cloud function's config.json and package.json, then bundles each
function with its shared code into cloudfunctions/<name>/index.js (wx-server-sdk stays external)

Usage: npm run build [-- options]   (or: npx tsx scripts/build.ts [options])

Options:
  --functions <dir>   the functions folder (default: cloudfunctionRoot in project.config.json)
  --check-only        check the folders, bundle nothing
  --help              this text
`;

const OPTIONS = {
  functions: { type: 'string' },
  'check-only': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

function functionsRoot(given: string | undefined): string {
  if (given) return resolve(given);
  const project = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { cloudfunctionRoot: string };
  return resolve(root, project.cloudfunctionRoot);
}

async function main(): Promise<void> {
  const options = commandLine('npm run build', HELP, (argv) => readOptions(argv, OPTIONS));
  if (!options) return;
  const dir = functionsRoot(options.functions);
  const sdkVersion = pinnedSdkVersion();
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
  if (names.length === 0) throw new Error(`no cloud functions (folders with index.ts) under ${dir}`);

  const problems: string[] = [];
  for (const name of names) {
    const read = (file: string) => (existsSync(join(dir, name, file)) ? readFileSync(join(dir, name, file), 'utf8') : null);
    const config = read('config.json');
    const pkg = read('package.json');
    if (config === null) problems.push(`${name}: config.json is missing`);
    else problems.push(...checkConfigJson(config).map((p) => `${name}: ${p}`));
    if (pkg === null) problems.push(`${name}: package.json is missing`);
    else problems.push(...checkPackageJson(pkg, sdkVersion).map((p) => `${name}: ${p}`));
  }
  if (problems.length > 0) {
    console.error(`build check failed:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  if (options['check-only']) {
    console.log(`checked ${names.length} functions: ${names.join(', ')}`);
    return;
  }
  await Promise.all(
    names.map((name) =>
      build({
        entryPoints: [join(dir, name, 'index.ts')],
        outfile: join(dir, name, 'index.js'),
        ...FUNCTION_BUNDLE,
        legalComments: 'none',
        banner: { js: '// Built by `npm run build` from index.ts; do not edit.' },
      }),
    ),
  );
  console.log(`built ${names.length} functions into ${dir}: ${names.join(', ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
