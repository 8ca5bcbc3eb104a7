// docs/miniprogram.md lists every text the mini-program shows ("What the pages say, state by
// state"): a Chinese text in the code or the WXML that the page does not mention fails here, so the
// list stays the one place to review the wording.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../miniprogram');
const DOC = readFileSync(join(__dirname, '../../docs/miniprogram.md'), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|wxml|json)$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The source without comments (they are for developers, in English or quoting old wording). */
const withoutComments = (text: string) => text.replace(/<!--[\s\S]*?-->/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** Runs of Chinese characters and punctuation: what a user reads. */
const RUN = /[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”…·✓✗]+/g;

it('lists every Chinese text the mini-program shows', () => {
  const missing = files(ROOT).flatMap((file) => (withoutComments(readFileSync(file, 'utf8')).match(RUN) ?? []).filter((run) => !DOC.includes(run)).map((run) => `${file.slice(ROOT.length + 1)}: ${run}`));
  expect(missing).toEqual([]);
});
