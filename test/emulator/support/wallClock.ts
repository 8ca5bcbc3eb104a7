// The UTC+8 wall clock by plain arithmetic (Shanghai has had no daylight saving since 1991): an
// oracle for the timer tests that shares no code with the emulator's time-zone handling.
import type { WallClock } from '../../../emulator/timers/cron';

export function shanghaiWallClock(at: Date | number): WallClock {
  const d = new Date(new Date(at).getTime() + 8 * 3600_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
}
