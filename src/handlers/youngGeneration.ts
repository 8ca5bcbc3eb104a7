// Keeps V8's young generation at its start size in this instance (issue 14). Under a run's
// allocation rate V8 doubles it, up to 32 MB, while objects keep surviving scavenges; an instance
// meant to fit the 128 MB tier cannot spare that. Measured (npm run bench -- --sizes 1000 --systems
// ours, docs/benchmark.md): peak 114 → 98 MB, function CPU per reminded user unchanged within the
// noise. A cloud function's process takes no V8 flags, so it is set from code; Node warns that a
// flag changed after start-up may do nothing or misbehave — this one is read each time the young
// generation would grow. Imported first by the sendReminders entry, before the SDK loads.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
