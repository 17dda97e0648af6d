import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers point down: input → store → ingest → audit → render → commands → cli.
 * (The before-stop hook checks the same by grep; this runs with the tests.)
 */
const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Each module's imports of other modules of src/, with whether they are types only. */
const modules = sources().map((path) => {
  const text = readFileSync(path, 'utf8');
  const imports = [...text.matchAll(/^(?:import|export)( type)? [^;]*? from '(\.[^']+)'/gms)].map((m) => ({
    typeOnly: m[1] !== undefined,
    target: relative(SRC, join(path, '..', m[2])).replace(/\.js$/, '.ts'),
  }));
  return { name: relative(SRC, path), folder: relative(SRC, path).split('/')[0], imports, lines: text.split('\n').length };
});

const folderOf = (target: string) => target.split('/')[0];
const COMMAND_HELPERS = ['commands/context.ts', 'commands/options.ts', 'commands/read-options.ts'];

describe('layers', () => {
  it('finds the modules and their imports', () => {
    expect(modules.length).toBeGreaterThan(40);
    expect(modules.find((m) => m.name === 'cli.ts')?.imports.length).toBeGreaterThan(5);
  });

  it('input/ imports nothing above it', () => {
    const bad = modules
      .filter((m) => m.folder === 'input')
      .flatMap((m) =>
        m.imports
          .filter((i) => ['store', 'ingest', 'audit', 'render', 'commands'].includes(folderOf(i.target)))
          .map((i) => `${m.name} → ${i.target}`),
      );
    expect(bad).toEqual([]);
  });

  it('store/ imports only types from input/, and nothing from above', () => {
    const bad = modules
      .filter((m) => m.folder === 'store')
      .flatMap((m) =>
        m.imports
          .filter(
            (i) =>
              (folderOf(i.target) === 'input' && !i.typeOnly) || ['ingest', 'audit', 'render', 'commands'].includes(folderOf(i.target)),
          )
          .map((i) => `${m.name} → ${i.target}`),
      );
    expect(bad).toEqual([]);
  });

  it('audit/ and ingest/ import nothing from render/ or commands/', () => {
    const bad = modules
      .filter((m) => m.folder === 'audit' || m.folder === 'ingest')
      .flatMap((m) => m.imports.filter((i) => ['render', 'commands'].includes(folderOf(i.target))).map((i) => `${m.name} → ${i.target}`));
    expect(bad).toEqual([]);
  });

  it('a command imports no other command', () => {
    const bad = modules
      .filter((m) => m.folder === 'commands')
      .flatMap((m) =>
        m.imports
          .filter((i) => folderOf(i.target) === 'commands' && !COMMAND_HELPERS.includes(i.target))
          .map((i) => `${m.name} → ${i.target}`),
      );
    expect(bad).toEqual([]);
  });

  it('audit/, store/ and ingest/ never print or exit', () => {
    const bad = modules
      .filter((m) => ['audit', 'store', 'ingest'].includes(m.folder))
      .filter((m) => /process\.(exit|stdout|stderr)|console\./.test(readFileSync(join(SRC, m.name), 'utf8')))
      .map((m) => m.name);
    expect(bad).toEqual([]);
  });

  it('no module is over 400 lines', () => {
    expect(modules.filter((m) => m.lines > 400).map((m) => `${m.name} (${m.lines})`)).toEqual([]);
  });
});
