/**
 * @jest-environment jsdom
 */
// The page-state gallery (docs/miniprogram.md): every state of both pages is reached through the
// real functions on the emulator and must render; the captures become an HTML gallery, and the
// packaged Chromium checks every text in light and dark against WCAG AA (4.5:1).
//
// `npm run gallery` runs this file with GALLERY_OUT=.demo/gallery and GALLERY_PNG=1 (screenshots);
// under `npm test` the gallery goes to a temporary folder and no screenshot is taken.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { useTestCloud } from './harness';
import { exists, materializeAttributes } from './harness/render';
import type { BrowserReport } from './gallery/browser';
import { writeGallery, type Capture } from './gallery/html';
import { STATES } from './gallery/states';

const cloud = useTestCloud();
const out = process.env.GALLERY_OUT ? resolve(process.env.GALLERY_OUT) : mkdtempSync(join(tmpdir(), 'gallery-'));
const captures: Capture[] = [];

afterAll(() => {
  if (!process.env.GALLERY_OUT) rmSync(out, { recursive: true, force: true });
});

describe('every page state', () => {
  it.each(STATES.map((s) => [s.name, s] as const))('%s renders', async (_name, state) => {
    const page = await state.reach(cloud);
    expect(exists(page, state.shows)).toBe(true);
    materializeAttributes(page);
    captures.push({ name: state.name, caption: state.caption, page: state.page, html: page.dom!.outerHTML, toasts: [...cloud.wx.toasts] });
  });
});

describe('the gallery in Chromium', () => {
  let report: BrowserReport;

  beforeAll(async () => {
    writeGallery(out, captures);
    const script = join(__dirname, 'gallery/browser.ts');
    const args = ['--import', 'tsx', script, out, ...(process.env.GALLERY_PNG ? ['--png'] : [])];
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
    report = JSON.parse(stdout) as BrowserReport;
  }, 300_000);

  it('shows every state in light and dark, in a CJK font', () => {
    expect(report.screens.map((s) => `${s.state} ${s.scheme}`).sort()).toEqual(STATES.flatMap((s) => [`${s.name} dark`, `${s.name} light`]).sort());
    expect(report.screens.filter((s) => !s.cjkFont || s.texts === 0)).toEqual([]);
  });

  it('has no text under 4.5:1 against its background (WeUI primary buttons aside)', () => {
    expect(report.failures).toEqual([]);
  });
});
