#!/usr/bin/env node
// CommonJS (bin/package.json): an ES module as the entry point starts Node's ES module loader
// first, 4–8 ms of every command (docs/benchmarks.md).
'use strict';
const { loadCli } = require('./load-cli.js');

loadCli().main(process.argv);
