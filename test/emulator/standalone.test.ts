// The emulator is a package of its own: it may use only its own files, Node and the dependencies
// its package.json pins, and nothing in it (code, README, docs) may know this app.
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');
const emulator = join(root, 'emulator');
const manifest = JSON.parse(readFileSync(join(emulator, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: Record<string, string> };

function filesOf(dir: string, extensions: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : filesOf(path, extensions);
    return extensions.test(d.name) ? [path] : [];
  });
}

/** Every module a file names: import/export … from, dynamic import(), require(), require.resolve(). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire(?:\.resolve)?\s*\(\s*|\bresolve\(\s*|^import\s+)'([^']+)'/gm)].map((m) => m[1]!);
}

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('the emulator package', () => {
  const code = filesOf(emulator, /\.(ts|js)$/);

  it('imports only its own files, Node and the dependencies its package.json declares', () => {
    const outside: string[] = [];
    for (const file of code) {
      for (const s of specifiers(file)) {
        if (s.startsWith('.')) {
          if (relative(emulator, resolve(dirname(file), s)).startsWith('..')) outside.push(`${relative(root, file)}: ${s}`);
        } else if (!s.startsWith('node:') && !builtinModules.includes(s) && !(packageOf(s) in manifest.dependencies)) {
          outside.push(`${relative(root, file)}: ${s} (not a dependency)`);
        }
      }
    }
    expect(code.length).toBeGreaterThan(30);
    expect(outside).toEqual([]);
  });

  it('pins every dependency to an exact version', () => {
    for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
  });

  it("names none of this app's collections or functions, in code or documentation", () => {
    const collections = Object.keys(JSON.parse(readFileSync(join(root, 'database', 'security-rules.json'), 'utf8')) as object);
    const functions = readdirSync(join(root, 'cloudfunctions'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const names = new RegExp(`\\b(${[...collections, ...functions].join('|')})\\b`);
    expect(collections.length + functions.length).toBeGreaterThan(5);
    const mentions = filesOf(emulator, /\.(ts|js|md|json)$/).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (names.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(mentions).toEqual([]);
  });
});
