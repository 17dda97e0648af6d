/**
 * The log of an unattended run, for the person who reads a cron mail or a journal: one line
 * per step on standard error, never colour, never a progress display.
 *
 *   text: 2026-11-23T07:00:01Z ingest file=inbox/l101.csv rows=120 loaded=118
 *   json: {"time":"2026-11-23T07:00:01Z","step":"ingest","file":"inbox/l101.csv","rows":120,"loaded":118}
 *
 * Steps at level `warn` or `error` are written even with --quiet.
 */
export type LogFormat = 'text' | 'json';
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Record<string, LogValue>;
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogOptions {
  format?: LogFormat;
  quiet?: boolean;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

export class Log {
  private readonly format: LogFormat;
  private readonly quiet: boolean;
  private readonly now: () => Date;

  constructor(
    private readonly stream: { write(text: string): unknown },
    options: LogOptions = {},
  ) {
    this.format = options.format ?? 'text';
    this.quiet = options.quiet ?? false;
    this.now = options.now ?? (() => new Date());
  }

  info(step: string, fields: LogFields = {}): void {
    if (!this.quiet) this.stream.write(logLine(this.now(), step, fields, this.format));
  }

  warn(step: string, fields: LogFields = {}): void {
    this.stream.write(logLine(this.now(), step, { level: 'warn', ...fields }, this.format));
  }

  error(step: string, fields: LogFields = {}): void {
    this.stream.write(logLine(this.now(), step, { level: 'error', ...fields }, this.format));
  }
}

/** UTC to the second: sortable, and the same whatever TZ the server has. */
export function logTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One log line; fields that are undefined are left out, in either format. */
export function logLine(time: Date, step: string, fields: LogFields, format: LogFormat): string {
  const present = Object.entries(fields).filter(([, v]) => v !== undefined);
  if (format === 'json') {
    return `${JSON.stringify({ time: logTime(time), step, ...Object.fromEntries(present) })}\n`;
  }
  const pairs = present.map(([k, v]) => `${k}=${textValue(v)}`);
  return `${[logTime(time), step, ...pairs].join(' ')}\n`;
}

/** A value as logfmt writes it: bare when it is safe to split on spaces, JSON-quoted otherwise. */
function textValue(value: LogValue): string {
  if (value === null) return 'null';
  const text = String(value);
  return text === '' || /[\s"=\\]/.test(text) || /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
}
