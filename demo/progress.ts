// Progress on stderr: a bar of the simulated days on a terminal, one line per step elsewhere (CI logs).
import type { ProgressListener } from './simulate';

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressListener {
  const started = Date.now();
  const secs = () => ((Date.now() - started) / 1000).toFixed(0);
  return {
    installed(users) {
      stream.write(`${users} users installed the mini-program during the week before (${secs()} s)\n`);
    },
    day(done, total, date) {
      if (!stream.isTTY) {
        stream.write(`simulated day ${done}/${total} (${date}) after ${secs()} s\n`);
        return;
      }
      const width = 28;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] day ${done}/${total} ${date}  ${secs()} s`);
      if (done === total) stream.write('\n');
    },
  };
}
