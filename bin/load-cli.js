// Loads the command line, dist/smo-gaps.cjs (src/cli.ts bundled by scripts/bundle.js), with the
// V8 code cache made at build time (scripts/code-cache.js): the functions a run needs are read
// back compiled instead of being parsed and compiled again, about 15 ms of a 0.26 s daily run
// (docs/benchmarks.md). Node 20 has no module.enableCompileCache, so the bundle is compiled as a
// vm.Script with cachedData, the way Node's own CommonJS loader would run it otherwise.
// A cache is used only for the bundle it was made from (its SHA-1 heads the file) and only if
// this V8 accepts it (same version and flags); otherwise the bundle compiles as usual.
// CommonJS, like the rest of bin/ (bin/package.json): see smo-gaps.js.
'use strict';
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'smo-gaps.cjs');
const CODE_CACHE = `${BUNDLE}.code-cache`;
const DIGEST_BYTES = 20;

/**
 * The bundle's exports (main), whether the code cache was used ('used', 'absent', 'stale' for
 * another bundle, 'rejected' by V8), and makeCache(), the cache of everything compiled so far.
 */
function loadCli({ useCache = true } = {}) {
  const source = readFileSync(BUNDLE);
  const digest = createHash('sha1').update(source).digest();
  let cachedData;
  let cache = 'absent';
  if (useCache) {
    try {
      const file = readFileSync(CODE_CACHE);
      if (file.subarray(0, DIGEST_BYTES).equals(digest)) cachedData = file.subarray(DIGEST_BYTES);
      else cache = 'stale';
    } catch {
      // No cache (a build without one, or removed): the bundle compiles as usual.
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, {
    filename: BUNDLE,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData) cache = script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return {
    main: module.exports.main,
    cache,
    makeCache: () => Buffer.concat([digest, script.createCachedData()]),
  };
}

module.exports = { BUNDLE, CODE_CACHE, loadCli };
