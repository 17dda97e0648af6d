import { createRequire } from 'node:module';
import type { ChalkInstance } from 'chalk';

// chalk is required the first time a renderer asks for it: JSON, CSV and --quiet runs
// (the cron job's) never load it, and start faster.
const require = createRequire(import.meta.url);
function lazyChalk(level: 0 | 1): () => ChalkInstance {
  let chalk: ChalkInstance | undefined;
  return () => (chalk ??= new (require('chalk') as typeof import('chalk')).Chalk({ level }));
}

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
