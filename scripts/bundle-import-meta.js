// Injected by esbuild into the CommonJS bundle (scripts/bundle.js): import.meta.url for the
// sources that read it (the package's version, the reading thread's script, createRequire).
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
