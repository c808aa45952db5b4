// Progress of long CLI runs on stderr: a cli-progress bar on a terminal, one plain line per step
// otherwise (logs, CI, a parent process reading the pipe), so stdout stays for the result.
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} documents | ETA {eta}s`, stream, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done);
        }
      },
      stop: () => bar.stop(),
    };
  }
  return {
    update(done, total) {
      const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
      stream.write(`${label}: ${done}/${total} documents (${pct}%)\n`);
    },
    stop() {},
  };
}
