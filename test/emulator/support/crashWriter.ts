// Child process for the crash-safety test: writes batches into a backend's data folder as fast as it
// can and prints the number of documents acknowledged so far, until the parent kills it.
import { realClock } from '../../../emulator/clock';
import { startBackend } from '../../../emulator/backend';

const BATCH = 20;

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: crashWriter <dataDir>');
  const backend = await startBackend({ clock: realClock(), dataDir });
  backend.db.createCollection('crash');
  for (let i = 0; ; i++) {
    backend.db.insert(
      'crash',
      Array.from({ length: BATCH }, (_, k) => ({ _id: `c${i}-${k}`, batch: i, payload: 'x'.repeat(4000), at: new Date() })),
    );
    process.stdout.write(`ack ${(i + 1) * BATCH}\n`);
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
}

void main();
