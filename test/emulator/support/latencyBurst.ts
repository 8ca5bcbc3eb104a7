// Child process for the latency tests: many database requests at once, each delayed by injected
// latency, against a backend of its own. Node reports a listener leak on the real process only, so
// the warnings are collected here and printed with the answers as one JSON line.
import { realClock } from '../../../emulator/clock';
import { startBackend } from '../../../emulator/backend';

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 50);
  const warnings: string[] = [];
  process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));
  const backend = await startBackend({ clock: realClock(), dataDir: null });
  backend.db.createCollection('items');
  backend.instrument.setLatency('database.*', 50);
  const count = () =>
    fetch(backend.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'database.calculateDocument', collectionName: 'items', query: '{}' }) })
      .then((res) => res.json() as Promise<{ data?: { total?: number } }>);
  const answers = await Promise.all(Array.from({ length: requests }, count));
  await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on the next tick
  await backend.close();
  process.stdout.write(`${JSON.stringify({ answered: answers.filter((a) => a.data?.total === 0).length, warnings })}\n`);
}

void main();
