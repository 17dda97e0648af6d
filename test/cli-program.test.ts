import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import type { Io } from '../src/commands/context.js';
import { PLAIN } from '../src/render/style.js';

const io = { stdout: process.stdout, stderr: process.stderr, env: {}, style: PLAIN, interactiveErr: false } as unknown as Io;

/** A command's help, every subcommand's included: what a user of that command can see. */
const helpOf = (name: string, only?: string) => {
  const command = buildProgram(io, () => {}, only).commands.find((c) => c.name() === name);
  if (!command) throw new Error(`no command ${name}`);
  return [command, ...command.commands].map((c) => c.helpInformation()).join('\n');
};

describe('the program built for one command', () => {
  const full = buildProgram(io, () => {});
  const names = full.commands.map((c) => c.name());

  it('holds that command alone', () => {
    for (const name of names) expect(buildProgram(io, () => {}, name).commands.map((c) => c.name())).toEqual([name]);
  });

  it("gives each command the same help, options and subcommands as the whole program's", () => {
    for (const name of names) expect(helpOf(name, name), name).toBe(helpOf(name));
  });
});
