// Progress for commands that can run for seconds (seed, audit verify, audit export), on stderr so
// that stdout stays clean for NDJSON and JSON. On a terminal: a cli-progress bar. Otherwise (CI,
// a pipe, a log file): cli-progress's plain lines, one every few seconds, and only once the work
// has taken more than a moment, so quick runs and scripts stay silent.
import cliProgress from 'cli-progress';

export interface Progress {
  /** Work done so far (and the total, when it is only learned later). */
  update(done: number, total?: number): void;
  /** Prints the final state if anything was shown, and releases the terminal. */
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly unit: string;
  readonly total: number;
  readonly stream?: NodeJS.WriteStream;
  /** Without a terminal: nothing before this many ms, then a line every `everyMs`. */
  readonly quietMs?: number;
  readonly everyMs?: number;
}

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const bar = new cliProgress.SingleBar({
    stream,
    format: tty
      ? `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {eta_formatted} left`
      : `${options.label}: {value}/{total} ${options.unit} ({percentage}%)`,
    noTTYOutput: !tty,
    notTTYSchedule: options.everyMs ?? 5_000,
    etaBuffer: 50,
    hideCursor: tty,
    gracefulExit: false,
  });
  let total = options.total;
  let done = 0;
  let started = false;
  const begin = () => {
    if (started) return;
    started = true;
    bar.start(total, done);
  };
  // A terminal shows the bar at once; a log gets its first line only if the work is slow.
  const timer = tty ? null : setTimeout(begin, options.quietMs ?? 2_000);
  timer?.unref();
  if (tty) begin();
  return {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) total = newTotal;
      if (!started) return;
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value);
    },
    stop() {
      if (timer) clearTimeout(timer);
      if (started) bar.stop();
    },
  };
}

/**
 * Per-batch progress for migrations (encrypt, decrypt): the bar on a terminal, and a plain line
 * per batch otherwise, so a log shows how far a killed run had come before it is resumed.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; stop(): void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} documents | ETA {eta}s`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
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
