import type { Style } from '../render/style.js';

/** What a command may touch of the process: given by cli.ts, so commands stay testable. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Colour for standard output. */
  style: Style;
  /** Whether standard error is a person's terminal (progress display). */
  interactiveErr: boolean;
  /** The command line's arguments as typed (after the program name), for records such as an evidence manifest. */
  argv?: readonly string[];
}

/** Writes a line on standard error, the channel for messages; results go to standard output. */
export function say(io: Io, message: string): void {
  io.stderr.write(`${message}\n`);
}
