import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory } from '../src/make-directory.js';

const dir = mkdtempSync(join(tmpdir(), 'smo-gaps-mkdir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('makeDirectory', () => {
  it('creates missing levels and accepts existing ones', () => {
    makeDirectory(join(dir, 'a', 'b', 'c'));
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    makeDirectory(join(dir, 'a', 'b', 'c'));
    makeDirectory(dir);
  });

  it('fails on a file in the way', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => makeDirectory(join(dir, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it.runIf(existsSync('/proc/self'))("fails at once under /proc, where Node's recursive mkdir spins forever", () => {
    expect(() => makeDirectory('/proc/smo-gaps-no-such/dir')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
