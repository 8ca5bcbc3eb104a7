// The gallery in the packaged Chromium, light and dark: every text's contrast against what is
// painted behind it (WCAG AA, 4.5:1), whether the CJK font loaded, and with --png a full-page
// screenshot of each state. Playwright cannot load in jest's jsdom environment, where the pages
// render, so the gallery test runs this as a child process:
//   node --import tsx test/miniprogram/gallery/browser.ts <gallery dir> [--png]
// It prints a JSON report (BrowserReport) on stdout.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../support/browser';
import { AA_TEXT, contrastRatio, over, parseColor, type Rgba } from './contrast';

export type Scheme = 'light' | 'dark';

export interface TextContrast {
  state: string;
  scheme: Scheme;
  text: string;
  color: string;
  background: string;
  ratio: number;
}

export interface BrowserReport {
  /** Per state and scheme: the texts measured, and whether Noto Sans SC drew them. */
  screens: Array<{ state: string; scheme: Scheme; texts: number; cjkFont: boolean; png: string | null }>;
  /** Texts under 4.5:1 (WeUI's primary button keeps its own white on green and is not counted). */
  failures: TextContrast[];
}

interface Measured {
  text: string;
  color: string;
  font: string;
  /** background-color of the element and each ancestor, innermost first. */
  layers: string[];
  exempt: boolean;
}

/** In the page: every visible element with text of its own. */
function measure(): Measured[] {
  const out: Measured[] = [];
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '')
      .map((n) => (n.textContent ?? '').trim())
      .join(' ');
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    const layers: string[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) layers.push(getComputedStyle(e).backgroundColor);
    out.push({ text: own, color: style.color, font: style.fontFamily, layers, exempt: el.closest('.main--primary') !== null });
  }
  return out;
}

/** What is painted behind the text: the layers composed over the white canvas. */
function backdrop(layers: string[]): Rgba {
  return [...layers].reverse().reduce<Rgba>((below, layer) => over(parseColor(layer), below), { r: 255, g: 255, b: 255, a: 1 });
}

const hex = (c: Rgba) => `#${[c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

export async function checkGallery(dir: string, png: boolean): Promise<BrowserReport> {
  const states = JSON.parse(readFileSync(join(dir, 'states.json'), 'utf8')) as Array<{ name: string }>;
  const report: BrowserReport = { screens: [], failures: [] };
  if (png) mkdirSync(join(dir, 'png'), { recursive: true });
  const browser = await launchChromium();
  try {
    // One page throughout: the packaged Chromium runs single-process, and closing its last page ends it.
    const page = await browser.newPage({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const { name } of states) {
        await page.goto(pathToFileURL(join(dir, 'states', `${name}.html`)).href);
        await page.evaluate(() => document.fonts.ready);
        const texts = await page.evaluate(measure);
        // Chinese in Noto Sans SC, loaded: without a CJK font the screenshots show boxes.
        const cjkFont = (await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '签到'))) && texts.every((t) => !/[\u4e00-\u9fff]/.test(t.text) || t.font.includes('Noto Sans SC'));
        for (const t of texts) {
          const bg = backdrop(t.layers);
          const ratio = contrastRatio(parseColor(t.color), bg);
          if (!t.exempt && ratio < AA_TEXT) report.failures.push({ state: name, scheme, text: t.text, color: t.color, background: hex(bg), ratio: Math.round(ratio * 100) / 100 });
        }
        let file: string | null = null;
        if (png) {
          file = join(dir, 'png', `${name}-${scheme}.png`);
          // A still frame: the loading ring would otherwise be caught mid-turn differently each run.
          await page.addStyleTag({ content: '*{animation:none!important}' });
          await page.screenshot({ path: file, fullPage: true });
        }
        report.screens.push({ state: name, scheme, texts: texts.length, cjkFont, png: file });
      }
    }
  } finally {
    await browser.close();
  }
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  const [dir, flag] = process.argv.slice(2);
  if (!dir) throw new Error('usage: browser.ts <gallery dir> [--png]');
  checkGallery(dir, flag === '--png').then(
    (report) => process.stdout.write(JSON.stringify(report)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
