// Keeps this instance's V8 heap close to what it holds (issue 14). Under a run's allocation rate V8
// doubles its young generation up to 32 MB while objects keep surviving scavenges, and lets the old
// generation fill with garbage up to a limit it sets from the heap's size; an instance meant for the
// 128 MB tier cannot spare either. So: the young generation stays at its start size, and the old
// generation is collected once it has grown 20 % past what the last collection left. Measured (npm
// run bench -- --sizes 1000 / 10000 --systems ours, docs/benchmark.md): peak 114 / 127 MB before,
// 87 / 87 MB after, for ~8 % more function CPU per reminded user. A cloud function's
// process takes no V8 flags, so they are set from code, before the SDK loads; Node warns that a
// flag changed after start-up may do nothing or misbehave — these two are read each time V8 sizes
// a generation. Imported first by the sendReminders entry.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--heap-growing-percent=20');
