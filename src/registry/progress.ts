/** @module The import's progress bar: on a terminal only (a log file or a pipe gets the summary line alone). */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Bytes of the file read so far, and rows read so far. */
  update(bytes: number, rows: number): void;
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

/** A bar over the file's bytes: the only measure known in advance without reading the file twice. */
export function openProgress(enabled: boolean, totalBytes: number): Progress {
  if (!enabled) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'import |{bar}| {percentage}% | {rows} rows | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes, 0, { rows: 0 });
  let stopped = false;
  return {
    update(bytes, rows) {
      if (!stopped) bar.update(bytes, { rows });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
