// DevTools' TypeScript plugin compiles each mini-program file on its own and uploads only what is
// under miniprogramRoot: a file may take types from src/contract.ts (erased), never code.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';

const ROOT = resolve(__dirname, '..', '..', 'miniprogram');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const files = tsFiles(ROOT).map((f) => relative(ROOT, f));

it.each(files)('miniprogram/%s, compiled on its own, requires nothing from outside miniprogram/', (file) => {
  const { code } = transformSync(readFileSync(join(ROOT, file), 'utf8'), { loader: 'ts', format: 'cjs' });
  const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
  const outside = required.filter((path) => path.startsWith('.') && relative(ROOT, resolve(dirname(join(ROOT, file)), path)).startsWith('..'));
  expect(outside).toEqual([]);
});

it('the mini-program takes the functions\' answers from src/contract.ts, not from a copy of its own', () => {
  const sources = files.map((f) => readFileSync(join(ROOT, f), 'utf8'));
  expect(sources.filter((s) => /from '(\.\.\/)+src\/contract'/.test(s)).length).toBeGreaterThan(0);
  expect(sources.filter((s) => /interface \w+ \{\s*ok: true/.test(s))).toEqual([]);
});
