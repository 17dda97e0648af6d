#!/usr/bin/env node
import { loadCli } from './load-cli.js';

await loadCli().main(process.argv);
