import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';

// chalk is required the first time a coloured renderer asks for it. Without colour (a pipe, a
// file, a cron job's report files) nothing is styled, and loading chalk cost a text report
// about 17 ms of a 0.3 s daily run (measured with --cpu-prof): PLAIN_CHALK stands in for it.
const require = createRequire(import.meta.url);
function lazyChalk(level: 0 | 1): () => ChalkInstance {
  if (level === 0) return () => PLAIN_CHALK;
  let chalk: ChalkInstance | undefined;
  return () => (chalk ??= new (require('chalk') as typeof import('chalk')).Chalk({ level }));
}

/** chalk at level 0: every style, however chained (`bold.red`), returns its text as given. */
const unstyled = (...text: unknown[]): string => text.join(' ');
const PLAIN_CHALK: ChalkInstance = new Proxy(unstyled, {
  get: (target, key) => (key === 'level' ? 0 : key in target ? Reflect.get(target, key) : PLAIN_CHALK),
}) as unknown as ChalkInstance;

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
  const chalk = lazyChalk(color ? 1 : 0);
  return {
    color,
    get chalk() {
      return chalk();
    },
  };
}

const plainChalk = lazyChalk(0);
export const PLAIN: Style = {
  color: false,
  get chalk() {
    return plainChalk();
  },
};
