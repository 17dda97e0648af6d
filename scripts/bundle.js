#!/usr/bin/env node
// Bundles the command line into one file, dist/smo-gaps.bundle.js, which bin/smo-gaps.js loads
// (and the reading thread into dist/parse-worker.bundle.js).
// Why: Node's ESM loader pays per module, and the CLI is ~60 modules; one bundle starts in
// about 0.17 s instead of 0.37 s (measured: `smo-gaps --version`), which is most of the cost of a
// small daily run. tsc still type-checks and emits dist/ module by module (scripts and tests use it).
import { build } from 'esbuild';

await build({
  entryPoints: {
    'smo-gaps.bundle': new URL('../src/cli.ts', import.meta.url).pathname,
    // The thread that reads large exports (src/input/thread/writer-end.ts looks for it beside the CLI).
    'parse-worker.bundle': new URL('../src/input/thread/worker.ts', import.meta.url).pathname,
  },
  outdir: new URL('../dist', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Code behind a dynamic import (serve's HTTP server, the workbook reader) is a chunk of its own,
  // loaded with its built-in modules (node:http2, node:http) only when that command runs.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  sourcemap: true,
  // The native addon and exceljs (loaded only for a workbook) stay runtime dependencies; the dev tools are never loaded by the CLI.
  external: ['better-sqlite3', 'exceljs', '@duckdb/node-api', 'playwright-core'],
  // CommonJS dependencies bundled into an ES module need a require of their own.
  banner: { js: "import { createRequire as __smoGapsRequire } from 'node:module'; const require = __smoGapsRequire(import.meta.url);" },
  logLevel: 'warning',
});
