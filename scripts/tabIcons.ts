// `npm run icons`: draws the tab bar's icons (81 × 81 px PNGs, WeChat's recommended size, each far
// under its 40 KB limit) into the files miniprogram/theme.json names, in its colours: the tab's text
// colour when not selected (an outline), the selected colour when selected (filled), for light and
// dark. Drawn as SVG and rasterised by the packaged Chromium (test/support/browser.ts), so the
// icons stay reproducible without an image editor. Run it after changing a shape or a colour.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/support/browser';

const ROOT = join(__dirname, '..', 'miniprogram');
const SIZE = 81;

interface Tab {
  pagePath: string;
  iconPath: string;
  selectedIconPath: string;
}

/** The shapes on a 24-unit grid, by page: an outline and a filled variant. */
const SHAPES: Record<string, (filled: boolean, color: string) => string> = {
  // A calendar page with a tick: today's check-in.
  'pages/checkin/index': (filled, color) => `
    <rect x="3.5" y="5" width="17" height="15.5" rx="2.5" fill="${filled ? color : 'none'}" stroke="${color}" stroke-width="1.6"/>
    <path d="M8 3v4M16 3v4" stroke="${color}" stroke-width="1.6" stroke-linecap="round"/>
    <path d="M8 13.2l2.7 2.6 5.3-5.3" fill="none" stroke="${filled ? '#ffffff' : color}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`,
  // A bell: reminders.
  'pages/settings/index': (filled, color) => `
    <path d="M12 3.5a6 6 0 0 0-6 6v3.8L4.3 16.6h15.4L18 13.3V9.5a6 6 0 0 0-6-6z" fill="${filled ? color : 'none'}" stroke="${color}" stroke-width="1.6" stroke-linejoin="round"/>
    <path d="M9.8 19.2a2.3 2.3 0 0 0 4.4 0" fill="none" stroke="${color}" stroke-width="1.6" stroke-linecap="round"/>`,
};

type Theme = Record<string, string>;

export function iconsToDraw(app: { tabBar: { list: Tab[] } }, themes: Record<string, Theme>): Array<{ file: string; svg: string }> {
  const resolve = (theme: Theme, value: string) => (value.startsWith('@') ? theme[value.slice(1)]! : value);
  return Object.values(themes).flatMap((theme) =>
    app.tabBar.list.flatMap((tab) => {
      const shape = SHAPES[tab.pagePath];
      if (!shape) throw new Error(`no icon shape for ${tab.pagePath}`);
      return [false, true].map((selected) => {
        const color = resolve(theme, selected ? '@tabSelectedText' : '@tabText');
        const file = resolve(theme, selected ? tab.selectedIconPath : tab.iconPath);
        return { file, svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 24 24">${shape(selected, color)}</svg>` };
      });
    }),
  );
}

async function main(): Promise<void> {
  const read = (name: string) => require(join(ROOT, name)) as never;
  const icons = iconsToDraw(read('app.json'), read('theme.json'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    for (const { file, svg } of icons) {
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
      writeFileSync(join(ROOT, file), await page.locator('svg').screenshot({ omitBackground: true }));
      console.log(`wrote miniprogram/${file}`);
    }
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
