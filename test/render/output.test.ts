import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutput } from '../../src/render/output.js';
import { InputError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smo-gaps-output-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function* chunks(...parts: string[]): AsyncIterable<string> {
  yield* parts;
}

describe('writeOutput', () => {
  it('writes a text and a stream to new files, creating the directory, leaving no temporary', async () => {
    await writeOutput(join(dir, 'out', 'a.txt'), 'text\n');
    await writeOutput(join(dir, 'out', 'b.csv'), chunks('x,y\n', '1,2\n'));
    expect(readFileSync(join(dir, 'out', 'a.txt'), 'utf8')).toBe('text\n');
    expect(readFileSync(join(dir, 'out', 'b.csv'), 'utf8')).toBe('x,y\n1,2\n');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['a.txt', 'b.csv']);
  });

  it('replaces a file whole, and writes through a symlink to its target', async () => {
    writeFileSync(join(dir, 'a.txt'), 'old, longer than the new text\n');
    await writeOutput(join(dir, 'a.txt'), 'new\n');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new\n');
    symlinkSync(join(dir, 'a.txt'), join(dir, 'link'));
    await writeOutput(join(dir, 'link'), 'through\n');
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('through\n');
  });

  it.skipIf(process.getuid?.() === 0)('names the file when its directory cannot be written, and leaves nothing', async () => {
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o500);
    const written = writeOutput(join(dir, 'locked', 'a.txt'), 'text\n');
    await expect(written).rejects.toThrow(InputError);
    await expect(written).rejects.toThrow(`${join(dir, 'locked', 'a.txt')}: cannot write: EACCES`);
    expect(readdirSync(join(dir, 'locked'))).toEqual([]);
  });

  it('names the file when a directory stands in the way', async () => {
    writeFileSync(join(dir, 'plain'), '');
    const written = writeOutput(join(dir, 'plain', 'a.txt'), 'text\n');
    await expect(written).rejects.toThrow(InputError);
    await expect(written).rejects.toThrow(`${join(dir, 'plain', 'a.txt')}: cannot write: ENOTDIR`);
  });

  it.runIf(existsSync('/dev/full'))('writes a text to a device directly: /dev/full is a full disk, named', async () => {
    await expect(writeOutput('/dev/full', 'text\n')).rejects.toThrow('/dev/full: cannot write: the disk is full (ENOSPC)');
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});
