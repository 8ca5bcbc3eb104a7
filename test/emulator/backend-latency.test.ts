// Injected latency is a timer per request: many requests may wait at once without piling anything
// up on the server (the benchmark keeps hundreds in flight), and closing the backend ends the waits.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { realClock } from '../../emulator/clock';
import { startBackend } from '../../emulator/backend';

const run = promisify(execFile);

test('hundreds of requests waiting out latency at once answer, with no listener-leak warning', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/latencyBurst.ts'), '200']);
  expect(JSON.parse(stdout)).toEqual({ answered: 200, warnings: [] });
});

test('closing the backend ends the latency waits of requests still in flight', async () => {
  const backend = await startBackend({ clock: realClock(), dataDir: null });
  backend.db.createCollection('items');
  backend.instrument.setLatency('database.*', 60_000);
  const body = JSON.stringify({ action: 'database.calculateDocument', collectionName: 'items', query: '{}' });
  const pending = Array.from({ length: 20 }, () => fetch(backend.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
    () => 'answered',
    () => 'dropped',
  ));
  await new Promise((resolve) => setTimeout(resolve, 100)); // every request is now waiting
  const started = Date.now();
  await backend.close();
  expect(await Promise.all(pending)).toEqual(Array(20).fill('dropped'));
  expect(Date.now() - started).toBeLessThan(5_000);
});
