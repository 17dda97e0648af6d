#!/usr/bin/env node
// Bundles the command line into one file, dist/smo-gaps.cjs, which bin/smo-gaps.js loads with a
// V8 code cache made here (scripts/code-cache.js), and the reading thread into
// dist/parse-worker.bundle.js.
// Why: Node's ESM loader pays per module, and the CLI is ~60 modules; one bundle starts in
// about 0.17 s instead of 0.37 s (measured: `smo-gaps --version`), which is most of the cost of a
// small daily run. tsc still type-checks and emits dist/ module by module (scripts and tests use it).
// The CLI is CommonJS because a code cache needs a script V8 compiles as a whole (vm.Script);
// code behind a dynamic import (serve's HTTP server, the workbook reader) is still run, with
// its built-in modules (node:http2, node:http), only when that command needs it.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // better-sqlite3's JavaScript is bundled (src/store/sqlite.ts gives it its native addon; its
  // fallback loads the package as installed); exceljs (loaded only for a workbook) stays a
  // runtime dependency; the dev tools are never loaded by the CLI.
  external: ['bindings', 'exceljs', '@duckdb/node-api', 'playwright-core'],
  logLevel: 'warning',
};

/**
 * Built-in modules that a dependency requires as it loads but that a run seldom calls, required
 * on first use instead: commander's node:child_process (for executable subcommands, which
 * smo-gaps has none of) brings node:net and node:dgram with it, about 3 ms of every start.
 */
const LAZY_BUILTINS = { 'node:child_process': /[\\/]node_modules[\\/]commander[\\/]/ };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, ({ path, importer }) =>
      LAZY_BUILTINS[path]?.test(importer) ? { path, namespace: 'lazy-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, ({ path }) => ({
      contents: `let loaded;\nmodule.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(path)}))[key] });\n`,
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  entryPoints: [new URL('../src/cli.ts', import.meta.url).pathname],
  outfile: `${dist}smo-gaps.cjs`,
  format: 'cjs',
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: [new URL('bundle-import-meta.js', import.meta.url).pathname],
  plugins: [lazyBuiltins],
});

await build({
  ...common,
  // The thread that reads large exports (src/input/thread/writer-end.ts looks for it beside the CLI).
  entryPoints: [new URL('../src/input/thread/worker.ts', import.meta.url).pathname],
  outfile: `${dist}parse-worker.bundle.js`,
  format: 'esm',
  // CommonJS dependencies bundled into an ES module need a require of their own.
  banner: { js: "import { createRequire as __smoGapsRequire } from 'node:module'; const require = __smoGapsRequire(import.meta.url);" },
});

// The code cache, from a run of the new bundle on the demo exports.
// Its log (the demo's warnings) is shown only if it fails.
const made = spawnSync(process.execPath, [new URL('code-cache.js', import.meta.url).pathname], {
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
if (made.status !== 0) {
  console.error(`${made.stderr}bundle: making the code cache failed (exit ${made.status ?? made.signal})`);
  process.exit(1);
}
