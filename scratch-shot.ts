import { chromium } from 'playwright-core';
import { runDemo } from './demo/simulate';
import { startDashboard } from './demo/dashboard/server';
(async () => {
  const run = await runDemo({ users: 40, days: 2, seed: 3, templateMessage: 'legacy', faultRate: 0.05, start: '2024-06-03', dataDir: '/tmp/demo-exp/shot-data' });
  const dash = await startDashboard(run.emulator, 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => console.log('console:', m.text()));
  await page.goto(dash.url);
  await page.waitForSelector('tr[data-run]');
  await page.screenshot({ path: '/tmp/demo-exp/runs.png' });
  await page.click('button[data-fire="sendReminders"]');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/demo-exp/runs-after-fire.png' });
  for (const tab of ['outbox', 'users', 'collections']) {
    await page.click(`nav button[data-tab="${tab}"]`);
    await page.waitForTimeout(500);
    if (tab === 'collections') { await page.click('button[data-collection="users"]'); await page.waitForTimeout(300); }
    await page.screenshot({ path: `/tmp/demo-exp/${tab}.png` });
  }
  await browser.close();
  await dash.close();
  await run.emulator.close();
})();
