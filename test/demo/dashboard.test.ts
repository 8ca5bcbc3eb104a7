// The dashboard in a real headless browser (the Chromium of the @sparticuz/chromium npm package,
// driven by playwright-core): it lists the runs and outbox entries the emulator holds, and "fire
// timer now" makes a new run.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../../demo/dashboard/server';
import { runDemo, type DemoRun } from '../../demo/simulate';
import { streakOn } from '../../src/domain/streak';
import { localDate } from '../../src/domain/time';
import { launchChromium } from '../support/browser';

function request(url: string, options: { method?: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.method === 'POST' ? '{}' : undefined);
  });
}

describe('the dashboard in headless chromium', () => {
  let dir: string;
  let run: DemoRun;
  let dashboard: Dashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-dash-'));
    run = await runDemo({ users: 20, days: 1, seed: 2, templateMessage: 'legacy', faultRate: 0, templates: 1, start: '2024-06-03', dataDir: path.join(dir, 'data') });
    dashboard = await startDashboard(run.emulator, 0);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(dashboard.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await run?.emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the timer runs the emulator made, newest first', async () => {
    const firings = run.emulator.timers.firings();
    const newest = firings[firings.length - 1]!;
    const firstRow = page.locator('#runs-table tbody tr').first();
    await expect(firstRow.getAttribute('data-run')).resolves.toBe(String(firings.length));
    await expect(firstRow.locator('td').nth(1).textContent()).resolves.toBe(newest.functionName);
    await expect(page.locator('#runs .pager').textContent()).resolves.toContain(`of ${firings.length}`);
    await expect(page.locator('#runs-table tbody tr').count()).resolves.toBe(Math.min(50, firings.length));
    await expect(page.locator('#run-log').textContent()).resolves.toContain(String(run.emulator.backend.db.find('reminderRuns', {}, { sort: { _id: -1 }, limit: 1 })[0]?._id));
  });

  it('lists the runs of one function when asked', async () => {
    const reminderRuns = run.emulator.timers.firings().filter((f) => f.functionName === 'sendReminders').length;
    await page.selectOption('#runs-of', 'sendReminders');
    await page.locator('#runs .pager', { hasText: `of ${reminderRuns}` }).waitFor();
    const names = await page.locator('#runs-table tbody tr td:nth-child(2)').allTextContents();
    expect(names).toEqual(Array(Math.min(50, reminderRuns)).fill('sendReminders'));
    await page.selectOption('#runs-of', '');
  });

  it('shows each outbox message as WeChat shows it: title, labelled fields and the user', async () => {
    const outbox = run.emulator.backend.wechat.outbox();
    expect(outbox.length).toBeGreaterThan(0);
    await page.click('nav button[data-tab="outbox"]');
    const cards = page.locator('#outbox .wx-card');
    await cards.first().waitFor();
    await expect(cards.count()).resolves.toBe(Math.min(50, outbox.length));
    const newest = outbox[outbox.length - 1]!;
    const card = cards.first();
    await expect(card.getAttribute('data-outbox')).resolves.toBe(String(outbox.length));
    await expect(card.locator('.wx-title').textContent()).resolves.toBe('签到提醒');
    await expect(card.locator('.wx-meta').textContent()).resolves.toContain(newest.touser);
    const values = await card.locator('dd').allTextContents();
    expect(values).toEqual(Object.values(newest.data).map((v) => v.value));
  });

  it('shows users with their streaks and the collections with their sizes', async () => {
    await page.click('nav button[data-tab="users"]');
    const users = run.emulator.backend.db.find('users', {}, { sort: { _id: 1 } });
    const row = page.locator(`#users tr[data-user="${users[0]!._id}"]`);
    await row.waitFor();
    const today = localDate(run.emulator.clock.now());
    const streak = streakOn({ lastCheckInDate: (users[0]!.lastCheckInDate as string) || null, streak: users[0]!.streak as number }, today);
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe(String(streak));
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe((users[0]!.lastCheckInDate as string) || '—');
    await page.click('nav button[data-tab="collections"]');
    await page.locator('#collections button[data-collection="checkins"]').waitFor();
    await expect(page.locator('#collections button[data-collection="checkins"]').textContent()).resolves.toBe(`checkins (${run.emulator.backend.db.count('checkins')})`);
  });

  it('fires a timer on request and lists the new run', async () => {
    const before = run.emulator.timers.firings().length;
    await page.click('nav button[data-tab="runs"]');
    await page.click('button[data-fire="sendReminders"]');
    await page.locator(`#runs-table tr[data-run="${before + 1}"]`).waitFor({ timeout: 30_000 });
    const firings = run.emulator.timers.firings();
    expect(firings).toHaveLength(before + 1);
    expect(firings[before]!.functionName).toBe('sendReminders');
    await expect(page.locator(`#runs-table tr[data-run="${before + 1}"] td`).nth(1).textContent()).resolves.toBe('sendReminders');
  }, 60_000);

  it('advances the virtual clock an hour on request, running the timers due on the way', async () => {
    const before = run.emulator.clock.now().getTime();
    const firings = run.emulator.timers.firings().length;
    const r = await request(`${dashboard.url}api/clock/advance-hour`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(run.emulator.clock.now().getTime()).toBe(before + 3600_000);
    const ran = (JSON.parse(r.body) as { firings: Array<{ functionName: string }> }).firings;
    expect(ran.map((f) => f.functionName)).toEqual(['expireFormIds', 'expireFormIds', 'expireFormIds']); // every 20 minutes
    expect(run.emulator.timers.firings()).toHaveLength(firings + 3);
  }, 60_000);

  it('answers only requests addressed to it, and changes only with a JSON POST', async () => {
    const api = `${dashboard.url}api/timers/sendReminders/fire`;
    expect((await request(`${dashboard.url}api/overview`, { headers: { host: `evil.example:${dashboard.port}` } })).status).toBe(421);
    expect((await request(api, { method: 'POST', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await request(`${dashboard.url}api/timers/checkIn/fire`, { method: 'POST', headers: { 'content-type': 'application/json' } })).status).toBe(404);
    expect((await request(`${dashboard.url}api/runs?limit=5000`, {})).status).toBe(400);
  });
});
