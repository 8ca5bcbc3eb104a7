// The gallery's files: each captured state as a phone screen (navigation bar, the page's DOM as
// miniprogram-simulate rendered it, a toast, the tab bar), the WXSS as CSS, and an index.
//
// WXSS → CSS: each file goes through miniprogram-simulate's own compiler (the class prefixes its
// DOM carries: `.main--option` for the page, `.form-collector--…` for the component) after rpx →
// px at a 375 px wide screen (750rpx = 375px; simulate's own conversion is 1:1). The `page`
// element is the root simulate renders (`main`), `:host` the component's tag. Built-in components
// (view, text, switch…) get the few defaults WeChat gives them. Fonts: Noto Sans SC from npm,
// so Chinese renders the same on a machine without a CJK font.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { MINIPROGRAM_ROOT } from '../harness/render';

// Node's require (the global one is typed as WeChat's here). simulate's compiler (postcss + its
// class-prefix plugin) ships no typings.
const nodeRequire = createRequire(__filename);
const wxss = nodeRequire('miniprogram-simulate/src/wxss') as { getContent(file: string): string; compile(text: string, options: { prefix: string }): string };

export const SCREEN_WIDTH = 375;
const FONT_PACKAGE = dirname(nodeRequire.resolve('@fontsource/noto-sans-sc/package.json'));

export interface Capture {
  name: string;
  caption: string;
  page: string;
  /** The page's DOM, with the WXML attributes simulate leaves out put back (aria-*, checked). */
  html: string;
  toasts: string[];
}

export const rpxToPx = (css: string) => css.replace(/(-?\d*\.?\d+)rpx/g, (_m, n: string) => `${+(Number(n) * (SCREEN_WIDTH / 750)).toFixed(2)}px`);

/** One WXSS file (with its @imports) as CSS for the DOM simulate renders. */
export function cssOf(file: string, prefix: string): string {
  const css = wxss.compile(rpxToPx(wxss.getContent(file)), { prefix });
  return css.replace(/(^|[\s,{}>])page(?=[\s,{.:#[>]|$)/g, '$1main').replace(/:host\b/g, prefix);
}

const read = (file: string) => JSON.parse(readFileSync(join(MINIPROGRAM_ROOT, file), 'utf8')) as Record<string, any>;

/** theme.json's variables as CSS custom properties for the bars, light and dark. */
function themeCss(): string {
  const theme = read('theme.json') as Record<'light' | 'dark', Record<string, string>>;
  const vars = (t: Record<string, string>) =>
    Object.entries(t)
      .filter(([, v]) => v.startsWith('#'))
      .map(([k, v]) => `--${k}:${v};`)
      .join('');
  return `:root{${vars(theme.light)}}@media (prefers-color-scheme: dark){:root{${vars(theme.dark)}}}`;
}

/** What WeChat draws itself: built-in components' defaults, the bars, a toast. */
const CHROME = `
body{margin:0;width:${SCREEN_WIDTH}px;font-family:'Noto Sans SC',sans-serif;font-size:16px;background:var(--pageBackground)}
main,wx-view,wx-form,wx-button,wx-picker{display:block}
wx-switch{display:inline-block;position:relative;width:52px;height:32px;border-radius:16px;background:#e5e5e5}
wx-switch::after{content:'';position:absolute;top:2px;left:2px;width:28px;height:28px;border-radius:50%;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.4)}
wx-switch[checked]{background:#07c160}
wx-switch[checked]::after{left:22px}
@media (prefers-color-scheme: dark){wx-switch{background:#3a3a3a}}
.nav{height:44px;line-height:44px;text-align:center;font-size:17px;font-weight:600;background:var(--navBackground);color:#000}
.tabbar{display:flex;height:50px;background:var(--tabBackground);border-top:1px solid rgba(0,0,0,.2)}
.tab{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;font-size:10px;color:var(--tabText)}
.tab img{width:27px;height:27px}
.tab.selected{color:var(--tabSelectedText)}
.toast{position:fixed;top:40%;left:50%;transform:translate(-50%,-50%);min-width:120px;padding:20px 16px 16px;border-radius:12px;background:rgba(76,76,76,.95);color:#fff;text-align:center;font-size:16px}
.toast::before{content:'✓';display:block;font-size:40px;line-height:48px}
@media (prefers-color-scheme: dark){.nav{color:#fff}.tabbar{border-top-color:rgba(255,255,255,.2)}}
`;

export function galleryCss(): string {
  const fonts = ['400', '700'].map((w) => `@import url('${join(FONT_PACKAGE, `${w}.css`)}');`).join('\n');
  return [
    fonts,
    themeCss(),
    CHROME,
    cssOf(join(MINIPROGRAM_ROOT, 'app.wxss'), 'main'),
    cssOf(join(MINIPROGRAM_ROOT, 'components/form-collector/index.wxss'), 'form-collector'),
    ...['pages/checkin/index', 'pages/settings/index'].map((p) => cssOf(join(MINIPROGRAM_ROOT, `${p}.wxss`), 'main')),
  ].join('\n');
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function tabBar(selected: string, from: string): string {
  const app = read('app.json');
  const theme = read('theme.json') as Record<'light' | 'dark', Record<string, string>>;
  const file = (scheme: 'light' | 'dark', value: string) => relative(from, join(MINIPROGRAM_ROOT, value.startsWith('@') ? theme[scheme][value.slice(1)]! : value));
  const tabs = (app.tabBar.list as Array<{ pagePath: string; text: string; iconPath: string; selectedIconPath: string }>).map((tab) => {
    const on = tab.pagePath === selected;
    const icon = on ? tab.selectedIconPath : tab.iconPath;
    return `<div class="tab${on ? ' selected' : ''}"><picture><source srcset="${file('dark', icon)}" media="(prefers-color-scheme: dark)"><img alt="" src="${file('light', icon)}"></picture>${escape(tab.text)}</div>`;
  });
  return `<footer class="tabbar">${tabs.join('')}</footer>`;
}

/** One state as a phone screen. */
export function screenHtml(capture: Capture, from: string): string {
  const title = read(`${capture.page}.json`).navigationBarTitleText ?? read('app.json').window.navigationBarTitleText;
  const toast = capture.toasts.at(-1);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=${SCREEN_WIDTH}">
<title>${escape(capture.caption)}</title><link rel="stylesheet" href="../gallery.css"></head>
<body><header class="nav">${escape(title)}</header>${capture.html}${toast ? `<div class="toast" role="status">${escape(toast)}</div>` : ''}${tabBar(capture.page, from)}</body></html>`;
}

function indexHtml(captures: Capture[]): string {
  const cards = captures.map(
    (c) => `<figure><iframe src="states/${c.name}.html" width="${SCREEN_WIDTH}" height="667" title="${escape(c.caption)}"></iframe>
<figcaption>${escape(c.caption)}<br><code>${c.name}</code> · <a href="png/${c.name}-light.png">light</a> · <a href="png/${c.name}-dark.png">dark</a></figcaption></figure>`,
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Page-state gallery</title>
<style>body{font-family:'Noto Sans SC',sans-serif;margin:24px;background:#f0f0f0}main{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0;width:${SCREEN_WIDTH}px}iframe{border:1px solid #ccc;background:#fff}figcaption{font-size:13px;margin-top:6px}</style></head>
<body><h1>答题签到 — every page state</h1><p>Rendered by miniprogram-simulate against the bundled functions on the emulator (<code>npm run gallery</code>); the frames follow your system's light or dark theme, the PNGs show both. An approximation of WeChat DevTools, not a replacement.</p>
<main>${cards.join('\n')}</main></body></html>`;
}

/** Writes gallery.css, states/<name>.html for each capture and index.html into `dir`. */
export function writeGallery(dir: string, captures: Capture[]): void {
  const states = join(dir, 'states');
  mkdirSync(states, { recursive: true });
  writeFileSync(join(dir, 'gallery.css'), galleryCss());
  for (const capture of captures) writeFileSync(join(states, `${capture.name}.html`), screenHtml(capture, states));
  writeFileSync(join(dir, 'index.html'), indexHtml(captures));
  writeFileSync(join(dir, 'states.json'), JSON.stringify(captures.map(({ name, caption }) => ({ name, caption })), null, 2));
}
