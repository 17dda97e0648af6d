import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * better-sqlite3, told where its native addon is. The CLI's bundle includes better-sqlite3's
 * JavaScript (scripts/bundle.js), so that it is in the V8 code cache instead of being resolved
 * and compiled file by file at every start, about 4 ms of each command (docs/benchmarks.md).
 * Bundled, its own way of finding the addon (the `bindings` package, which starts from the
 * calling file) would look beside the bundle; so it is given the file that every npm install
 * builds or downloads, `build/Release/better_sqlite3.node`. Where that file is not (an unusual
 * install), the package is loaded as it is, from node_modules, and finds its addon itself.
 */
export function newDatabase(
  path: string | Buffer,
  options: Database.Options = {},
  addon: string | undefined = addonFile(),
): Database.Database {
  if (addon !== undefined) return new Database(path, { ...options, nativeBinding: addon });
  const Installed = packageRequire()('better-sqlite3') as typeof Database;
  return new Installed(path, options);
}

let found: string | undefined | null = null;

function addonFile(): string | undefined {
  if (found === null) {
    const file = join(dirname(packageRequire().resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    found = existsSync(file) ? file : undefined;
  }
  return found;
}

function packageRequire(): NodeJS.Require {
  return createRequire(import.meta.url);
}
