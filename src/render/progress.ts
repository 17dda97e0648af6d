import { count } from './count.js';

/**
 * A one-line progress display for long ingests, drawn on standard error only when it is
 * a terminal: nothing of it ever reaches a pipe or a cron log.
 */
export class Progress {
  private lastDraw = 0;
  private readonly started = performance.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  update(bytesRead: number, size: number, rows: number): void {
    const now = performance.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = rows / Math.max(seconds, 1e-3);
    const width = 24;
    const fraction = size > 0 ? Math.min(1, bytesRead / size) : 0;
    const bar =
      size > 0 ? `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ${(fraction * 100).toFixed(0).padStart(3)}% ` : '';
    const left = size > 0 && fraction > 0 ? ` · ${Math.max(0, Math.round(seconds / fraction - seconds))} s left` : '';
    this.stream.write(`\r${this.label} ${bar}${count(rows)} rows · ${count(Math.round(rate))} rows/s${left}\x1b[K`);
  }

  done(): void {
    if (this.lastDraw > 0) this.stream.write('\r\x1b[K');
  }
}
