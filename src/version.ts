import { createRequire } from 'node:module';

/** The package's version. Resolved from dist/ (one level below the package), in the tsc build and the bundle alike. */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
