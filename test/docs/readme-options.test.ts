import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import type { Io } from '../../src/commands/context.js';
import { PLAIN } from '../../src/render/style.js';

/**
 * The README's table of commands names their options; --help is where they are defined
 * (as data, in each command's options()). A renamed or dropped option must not linger in
 * the README, and a row that says "Options:" lists them all.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const io = { stdout: process.stdout, stderr: process.stderr, env: {}, style: PLAIN, interactiveErr: false } as unknown as Io;
const program = buildProgram(io, () => {});

/** The options a command's --help lists, and its subcommands' (help and the global --debug aside). */
function helpOptions(name: string): string[] {
  const command = program.commands.find((c) => c.name() === name);
  if (!command) throw new Error(`no command ${name}`);
  // A command with subcommands (review set|import|log) takes the options of each.
  const help = [command, ...command.commands].map((c) => c.helpInformation()).join('\n');
  return [...new Set(help.match(/(?<=^ {2}(?:-\w, )?)--[a-z-]+/gm) ?? [])].filter((o) => o !== '--help');
}

/** The README's Commands table: command name → the text of its row. */
function readmeRows(): Map<string, string> {
  const section = README.slice(README.indexOf('## Commands'), README.indexOf('### Input'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z]+)[^`]*` \| (.*) \|$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

const PERIOD = ['--day', '--month', '--from', '--to'];

describe("the README's option lists", () => {
  const rows = readmeRows();

  it('has a row for every command, and only for commands', () => {
    expect([...rows.keys()].sort()).toEqual(program.commands.map((c) => c.name()).sort());
  });

  for (const [name, row] of rows) {
    it(`${name}: names only options that --help lists`, () => {
      const known = helpOptions(name);
      const named = [...new Set(row.match(/--[a-z][a-z-]*/g) ?? [])];
      for (const option of named) expect(known, `README row of ${name} names ${option}`).toContain(option);
    });
    if (row.includes('Options:')) {
      it(`${name}: an "Options:" list is the whole of --help's`, () => {
        const listed = row.slice(row.indexOf('Options:')).match(/--[a-z][a-z-]*/g) ?? [];
        expect([...listed].sort()).toEqual(
          helpOptions(name)
            .filter((o) => !PERIOD.includes(o))
            .sort(),
        );
      });
    }
  }

  it('finds the options in --help (a check that could not fail would prove nothing)', () => {
    expect(helpOptions('ingest')).toContain('--dry-run');
    expect(helpOptions('report')).toEqual(expect.arrayContaining(['--top', '--day', '--fail-on-gaps']));
  });
});
