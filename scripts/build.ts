// npm run build: checks app.config.json and every cloud function, bundles each function with the
// configuration baked in, and writes what else the configuration decides.
//   cloudfunctions/<name>/index.ts  -> cloudfunctions/<name>/index.js (shared code bundled, SDK external)
//   app.config.json                 -> miniprogram/config.ts (the mini-program's settings), cloudbaserc.json (tcb fn deploy)
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CONFIG_FILE, loadConfig } from '../src/config';
import { configProblems, loadDeployment } from '../src/config/deploy';
import { bakeConfig, FUNCTION_BUNDLE, pinnedSdkVersion } from './bundle';
import { commandLine, readOptions } from './commandLine';
import { cloudbaserc, miniprogramConfigSource } from './deployFiles';
import { checkConfigJson, checkPackageJson, type FunctionConfig } from './functionConfig';

const root = resolve(__dirname, '..');

const HELP = `npm run build — checks app.config.json and every cloud function's config.json and package.json,
bundles each function with its shared code and the configuration into cloudfunctions/<name>/index.js
(wx-server-sdk stays external), and writes miniprogram/config.ts and cloudbaserc.json from the configuration

Usage: npm run build [-- options]   (or: npx tsx scripts/build.ts [options])

Options:
  --config <file>     the configuration (default: ${CONFIG_FILE})
  --functions <dir>   the functions folder (default: cloudfunctionRoot in project.config.json)
  --check-only        check the configuration and the folders, write nothing
  --help              this text
`;

const OPTIONS = {
  config: { type: 'string' },
  functions: { type: 'string' },
  'check-only': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

const project = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { cloudfunctionRoot: string; miniprogramRoot: string };

function functionsRoot(given: string | undefined): string {
  return given ? resolve(given) : resolve(root, project.cloudfunctionRoot);
}

/** The configuration file's value, or why it cannot be read. */
function readConfigFile(path: string): { file: unknown } | { problem: string } {
  if (!existsSync(path)) return { problem: `${path} is missing: the project's settings live there (${CONFIG_FILE}, see docs/configuration.md)` };
  try {
    return { file: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (e) {
    return { problem: `${CONFIG_FILE} is not strict JSON (no comments or trailing commas): ${(e as Error).message}` };
  }
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
  const functions: Array<{ name: string; config: FunctionConfig }> = [];
  for (const name of names) {
    const read = (file: string) => (existsSync(join(dir, name, file)) ? readFileSync(join(dir, name, file), 'utf8') : null);
    const config = read('config.json');
    const pkg = read('package.json');
    if (config === null) problems.push(`${name}: config.json is missing`);
    else {
      const found = checkConfigJson(config);
      problems.push(...found.map((p) => `${name}: ${p}`));
      if (found.length === 0) functions.push({ name, config: JSON.parse(config) as FunctionConfig });
    }
    if (pkg === null) problems.push(`${name}: package.json is missing`);
    else problems.push(...checkPackageJson(pkg, sdkVersion).map((p) => `${name}: ${p}`));
  }
  const read = readConfigFile(resolve(options.config ?? join(root, CONFIG_FILE)));
  if ('problem' in read) problems.push(read.problem);
  else problems.push(...configProblems(read.file, names.map((name) => ({ name, timer: (functions.find((f) => f.name === name)?.config.triggers ?? []).length > 0 }))));
  if (problems.length > 0 || !('file' in read)) {
    console.error(`build check failed:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  const file = read.file as Record<string, unknown>;
  const config = loadConfig(['subscribeTemplates', 'formTemplate', 'window'], {}, file);
  if (config.subscribeTemplates.length === 0) {
    console.log(`note: ${CONFIG_FILE} names no subscribe template id yet: the functions will send nothing until subscribeTemplates[0].id is set (README, "Choose the template")`);
  }
  if (options['check-only']) {
    console.log(`checked ${CONFIG_FILE} and ${names.length} functions: ${names.join(', ')}`);
    return;
  }
  await Promise.all(
    names.map((name) =>
      build({
        entryPoints: [join(dir, name, 'index.ts')],
        outfile: join(dir, name, 'index.js'),
        ...FUNCTION_BUNDLE,
        plugins: [bakeConfig(JSON.stringify(file))],
        legalComments: 'none',
        banner: { js: '// Built by `npm run build` from index.ts and app.config.json; do not edit.' },
      }),
    ),
  );
  const deployment = loadDeployment(file, names);
  writeFileSync(join(root, project.miniprogramRoot, 'config.ts'), miniprogramConfigSource(deployment, config));
  writeFileSync(join(root, 'cloudbaserc.json'), `${JSON.stringify(cloudbaserc(deployment, `./${relative(root, dir)}`, functions), null, 2)}\n`);
  console.log(`built ${names.length} functions into ${dir}: ${names.join(', ')}; wrote ${project.miniprogramRoot.replace(/\/$/, '')}/config.ts and cloudbaserc.json`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
