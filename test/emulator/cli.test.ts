// The emulator's command line, run as a user would (tsx emulator/cli.ts …) on the fixture functions.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { portIsOpen } from './support/processes';

const root = join(__dirname, '../..');
const cli = join(root, 'emulator/cli.ts');
// One process (tsx as a loader, not its wrapper), so that killing it ends everything it started.
const node = process.execPath;
const tsx = ['--import', 'tsx', cli];
const fixtures = join(__dirname, 'fixtures');
const run = promisify(execFile);

describe('emulator command line', () => {
  it('invokes a function as a user and prints its answer', async () => {
    const { stdout } = await run(node, [...tsx, 'invoke', 'probe', '--functions', fixtures, '--openid', 'o-cli', '--event', '{"n":1}', '--clock', '2019-06-03T02:00:00Z'], { cwd: root });
    const answer = JSON.parse(stdout) as { wx: Record<string, unknown>; event: unknown; iso: string };
    expect(answer.wx).toMatchObject({ OPENID: 'o-cli', SOURCE: 'wx_client' });
    expect(answer.event).toEqual({ n: 1 });
    expect(answer.iso.slice(0, 10)).toBe('2019-06-03');
  });

  it('fails with a message for a function that does not exist', async () => {
    await expect(run(node, [...tsx, 'invoke', 'nope', '--functions', fixtures], { cwd: root })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('no function "nope"') });
  });

  it('refuses an unknown option or a malformed number before starting anything, pointing to help', async () => {
    await expect(run(node, [...tsx, 'invoke', 'probe', '--functions', fixtures, '--openid'], { cwd: root })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--openid.*argument missing[\s\S]*wx-cloud-emulator help/) });
    await expect(run(node, [...tsx, 'start', '--functions', fixtures, '--colour'], { cwd: root })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--colour'") });
    await expect(run(node, [...tsx, 'invoke', 'probe', '--functions', fixtures, '--port', '80a'], { cwd: root })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--port must be a whole number, got "80a"') });
  });

  it('reads database indexes from a file in CloudBase\'s CreateIndexes format, and refuses one CloudBase would not take', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    try {
      const file = join(dir, 'indexes.json');
      const keys = (Direction: string) => ({ MgoIndexKeys: [{ Name: 'owner', Direction }], MgoIsUnique: false });
      writeFileSync(file, JSON.stringify({ orders: { CreateIndexes: [{ IndexName: 'by_owner', MgoKeySchema: keys('1') }] } }));
      const { stdout } = await run(node, [...tsx, 'invoke', 'probe', '--functions', fixtures, '--indexes', file], { cwd: root });
      expect(JSON.parse(stdout)).toHaveProperty('wx');
      writeFileSync(file, JSON.stringify({ orders: { CreateIndexes: [{ IndexName: 'by_owner', MgoKeySchema: keys('2d') }] } }));
      await expect(run(node, [...tsx, 'invoke', 'probe', '--functions', fixtures, '--indexes', file], { cwd: root })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('orders/by_owner: Direction "2d" of owner is not emulated') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves until interrupted, then leaves its port closed', async () => {
    const child = spawn(node, [...tsx, 'start', '--functions', fixtures, '--no-timers'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          out += text;
          const m = /emulator backend: http:\/\/127\.0\.0\.1:(\d+)\/admin[\s\S]*timer weekdayTick/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        void exited.then(() => reject(new Error(`exited early:\n${out}`)));
      });
      expect(out).toContain('timer dailyTick: "0 0 10 * * * *"');
      expect(await portIsOpen(port)).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(await portIsOpen(port)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
