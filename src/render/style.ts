import { Chalk, type ChalkInstance } from 'chalk';

/**
 * The one decision about colour (and, for ingest, progress): only for a person at a
 * terminal, never in a pipe, a file or a cron log, never when NO_COLOR is set.
 */
export interface Style {
  color: boolean;
  chalk: ChalkInstance;
}

export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb' && env.CI === undefined;
}

export function makeStyle(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  // no-color.org: NO_COLOR disables colour when it is present and not empty.
  const color = isInteractive(stream, env) && !env.NO_COLOR;
  return { color, chalk: new Chalk({ level: color ? 1 : 0 }) };
}

export const PLAIN: Style = { color: false, chalk: new Chalk({ level: 0 }) };
