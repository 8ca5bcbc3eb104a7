// The simulated days as a progress bar on a terminal, or one line per day elsewhere (CI logs).

export function progressBar(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, date: string) => void {
  const started = Date.now();
  return (done, total, date) => {
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    if (!stream.isTTY) {
      stream.write(`simulated day ${done}/${total} (${date}) after ${secs} s\n`);
      return;
    }
    const width = 28;
    const filled = Math.round((done / total) * width);
    stream.write(`\r[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] day ${done}/${total} ${date}  ${secs} s`);
    if (done === total) stream.write('\n');
  };
}
