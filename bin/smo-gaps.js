#!/usr/bin/env node
import { main } from '../dist/smo-gaps.bundle.js';
await main(process.argv);
