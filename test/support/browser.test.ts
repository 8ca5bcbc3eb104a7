// The browser helper on a temp folder of its own: jest workers that start at once share one unpacked
// browser, and a folder emptied under it is unpacked anew.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';

type Helper = typeof import('./browser');

/** A launch as from a fresh jest worker: the helper loaded anew, without this process's memo. */
function launchAsNewWorker(tmp: string): Promise<Browser> {
  let helper: Helper | undefined;
  jest.isolateModules(() => {
    helper = jest.requireActual<Helper>('./browser');
  });
  return helper!.launchChromium({ tmp });
}

/** What a page in each browser shows of a Chinese paragraph; every browser that launched is closed. */
async function showInEach(launches: Array<Promise<Browser>>): Promise<Array<string | null>> {
  const settled = await Promise.allSettled(launches);
  try {
    const browsers = settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    return await Promise.all(
      browsers.map(async (browser) => {
        const page = await browser.newPage();
        await page.setContent('<p>签到</p>');
        return page.locator('p').textContent();
      }),
    );
  } finally {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
  }
}

describe('the browser for tests', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-helper-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('is unpacked into one folder when two workers launch it at once, leaving no partial folder', async () => {
    await expect(showInEach([launchAsNewWorker(tmp), launchAsNewWorker(tmp)])).resolves.toEqual(['签到', '签到']);
    const entries = fs.readdirSync(tmp);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^sparticuz-chromium-\d+\.\d+\.\d+$/);
  }, 120_000);

  it('unpacks anew when its folder has lost the browser', async () => {
    await showInEach([launchAsNewWorker(tmp)]);
    const [folder] = fs.readdirSync(tmp);
    fs.rmSync(path.join(tmp, folder!, 'chromium'));
    await expect(showInEach([launchAsNewWorker(tmp)])).resolves.toEqual(['签到']);
    expect(fs.readdirSync(tmp)).toEqual([folder]);
  }, 120_000);
});
