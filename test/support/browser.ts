// A real headless Chromium for browser tests with nothing installed on the machine: the
// @sparticuz/chromium npm package ships one, compressed, inside the package.
//
// Its own executablePath() unpacks into os.tmpdir() and trusts any file already called "chromium"
// there, whatever its version or state: parallel jest workers could launch a half-written binary,
// and an unpack cut short would break every later run. So each version is unpacked once into a
// private staging folder and moved into place with one rename: the folder is complete or absent.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

// createRequire: this file is also compiled with the mini-program's typings, whose global `require` is WeChat's.
const ENTRY = createRequire(__filename).resolve('@sparticuz/chromium');
const VERSION = (JSON.parse(fs.readFileSync(path.join(path.dirname(ENTRY), '..', 'package.json'), 'utf8')) as { version: string }).version;
const FOLDER = `sparticuz-chromium-${VERSION}`;
const STAGING = `${FOLDER}.partial-`;
const MANIFEST = 'launch.json';

// The package's flags are made for AWS Lambda; these two switch off the same-origin policy, which a
// test browser should enforce like the user's does.
const SAME_ORIGIN_OFF = new Set(['--disable-web-security', '--allow-running-insecure-content']);

// The package is an ES module that finds its files through import.meta.url, which jest's CommonJS
// runtime cannot load: a child Node process imports it as it is, with its tmpdir() set to staging.
// Besides the browser, the libraries it links that a bare machine may lack (NSS, NSPR, expat),
// which the package ships for Amazon Linux and unpacks only there.
const UNPACK = `const { default: c, inflate } = await import(process.argv[1]);
process.stdout.write(JSON.stringify({ path: await c.executablePath(), libraries: await inflate(process.argv[2]) + '/lib', args: c.args }));`;
const LIBRARIES = path.join(path.dirname(ENTRY), '..', 'bin', 'al2023.tar.br');

/** Paths relative to the folder, which is renamed after unpacking. */
interface Manifest {
  executable: string;
  libraries: string;
  args: string[];
}

function readManifest(folder: string): Manifest | null {
  const file = path.join(folder, MANIFEST);
  if (!fs.existsSync(file)) return null;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  return [manifest.executable, manifest.libraries].every((p) => fs.existsSync(path.join(folder, p))) ? manifest : null;
}

/** Staging folders of unpacks that were killed long ago (each holds ~200 MB). */
function removeAbandonedStaging(tmp: string): void {
  for (const name of fs.readdirSync(tmp).filter((n) => n.startsWith(STAGING))) {
    const full = path.join(tmp, name);
    const stat = fs.statSync(full, { throwIfNoEntry: false }); // gone if its worker has just finished
    if (stat && Date.now() - stat.mtimeMs > 10 * 60_000) fs.rmSync(full, { recursive: true, force: true });
  }
}

/** Renames staging to folder; false if the folder is there already. */
function moveIntoPlace(staging: string, folder: string): boolean {
  try {
    fs.renameSync(staging, folder);
    return true;
  } catch (error) {
    if (['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

async function unpack(tmp: string): Promise<Manifest> {
  const folder = path.join(tmp, FOLDER);
  const ready = readManifest(folder);
  if (ready) return ready;
  removeAbandonedStaging(tmp);
  const staging = fs.mkdtempSync(path.join(tmp, STAGING));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', UNPACK, pathToFileURL(ENTRY).href, LIBRARIES], {
      env: { ...process.env, TMPDIR: staging },
      timeout: 120_000,
    });
    const unpacked = JSON.parse(stdout) as { path: string; libraries: string; args: string[] };
    const [executable, libraries] = [unpacked.path, unpacked.libraries].map((p) => path.relative(staging, p)) as [string, string];
    if ([executable, libraries].some((p) => p.startsWith('..'))) throw new Error(`@sparticuz/chromium unpacked outside ${staging}: ${stdout}`);
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify({ executable, libraries, args: unpacked.args } satisfies Manifest));
    // Not moved: another worker was first, and its folder is as good as ours, unless something (a
    // /tmp cleaner) has emptied it since: then ours replaces it.
    if (!moveIntoPlace(staging, folder) && !readManifest(folder)) {
      fs.rmSync(folder, { recursive: true, force: true });
      moveIntoPlace(staging, folder);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const manifest = readManifest(folder);
  if (!manifest) throw new Error(`${folder} holds no browser after unpacking`);
  return manifest;
}

/** Per temp folder, this process's one unpacking. */
const unpacked = new Map<string, Promise<Manifest>>();

/**
 * A headless Chromium from the npm package, unpacked into tmp on first use (a few seconds). The
 * caller closes it (in afterAll); if the test process dies first, Chromium goes too, as playwright's
 * pipe closes.
 */
export async function launchChromium({ tmp = os.tmpdir() } = {}): Promise<Browser> {
  if (!unpacked.has(tmp)) unpacked.set(tmp, unpack(tmp));
  const { executable, libraries, args } = await unpacked.get(tmp)!;
  const folder = path.join(tmp, FOLDER);
  return chromium.launch({
    executablePath: path.join(folder, executable),
    args: args.filter((a) => !SAME_ORIGIN_OFF.has(a)),
    env: { ...process.env, LD_LIBRARY_PATH: [path.join(folder, libraries), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') },
  });
}
