// `npm start` as a user runs it (without the build step, which npm test has done): options, errors,
// and a small run whose printed table and summary.json match the data folder it leaves behind.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startBackend } from 'wx-cloud-emulator/backend';
import { virtualClock } from 'wx-cloud-emulator/clock';
import type { CollectionSize } from '../../demo/summary/sources';
import type { Summary } from '../../demo/summary/summarize';
import { localDate } from '../../src/domain/time';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

async function start(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['demo/cli.ts', ...args], { cwd: ROOT, timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm start on the command line', () => {
  it('lists its options with --help', async () => {
    const r = await start('--help');
    expect(r.code).toBe(0);
    for (const option of ['--users', '--days', '--seed', '--template-message', '--fault-rate', '--serve', '--port']) expect(r.stdout).toContain(option);
  });

  it('refuses a bad option with exit code 2 and a message naming it, before starting anything', async () => {
    const r = await start('--users', 'lots');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--users must be a whole number from 1 to 5000, got "lots"');
    expect(r.stderr).toContain('npm start -- --help');
    expect(r.stdout).not.toContain('Simulating');
  });

  it('prints a summary and a report whose figures match the data folder it leaves', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cli-'));
    try {
      const r = await start('--users', '15', '--days', '2', '--seed', '3', '--template-message', 'legacy', '--out', out);
      expect(r.stderr).toContain('simulated day 2/2');
      expect(r.code).toBe(0);
      const report = path.join(out, 'report.html');
      expect(r.stdout).toContain(`Report: ${report}`);
      expect(fs.readFileSync(report, 'utf8')).toContain('<svg');
      const { summary, collections } = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { summary: Summary; collections: CollectionSize[] };

      // Each day's row as printed: date, due, reminded, failed sends, …, checked in, ≤2h, expired.
      for (const day of summary.days) {
        const row = r.stdout.split('\n').find((l) => l.startsWith(day.date))?.trim().split(/\s+/);
        expect(row?.slice(0, 3)).toEqual([day.date, String(day.due), String(day.reminded)]);
        expect(row?.slice(-3)).toEqual([String(day.checkedIn), String(day.checkedInAfterReminder), String(day.creditsExpired)]);
      }

      const backend = await startBackend({ clock: virtualClock(new Date('2024-06-10T00:00:00Z')), dataDir: path.join(out, 'data') });
      try {
        const outbox = backend.wechat.outbox();
        expect(outbox.length).toBeGreaterThan(0);
        for (const day of summary.days) {
          expect(day.reminded).toBe(outbox.filter((m) => localDate(m.at) === day.date).length);
          expect(day.checkedIn).toBe(backend.db.count('checkins', { date: day.date }));
        }
        // The size of every collection at the end, as printed, in summary.json and in the report.
        expect(collections.map((c) => c.name)).toEqual([...backend.db.collections()].sort());
        for (const c of collections) expect(c.documents).toBe(backend.db.count(c.name, {}));
        expect(collections.find((c) => c.name === 'users')?.documents).toBe(15);
        expect(r.stdout).toContain(`Collections at the end: ${collections.map((c) => `${c.name} ${c.documents}`).join(' · ')}`);
        expect(fs.readFileSync(report, 'utf8')).toContain(`<th scope="row">checkins</th><td>${collections.find((c) => c.name === 'checkins')?.documents}</td>`);
      } finally {
        await backend.close();
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
