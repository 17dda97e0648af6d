import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The benchmark's smoke size, as CI runs it: about 20,000 rows through the real binary,
 * DuckDB and the naive path. Its timings are not asserted (SPEC §7: ratios come from
 * `npm run bench` on full sizes); that it checked its answers is.
 */
const BENCH = fileURLToPath(new URL('../../scripts/bench.js', import.meta.url));

describe('npm run bench -- --smoke', () => {
  it('checks its answers against the generator and DuckDB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smo-gaps-bench-'));
    try {
      const result = spawnSync(process.execPath, [BENCH, '--smoke', '--dir', dir], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', TZ: 'UTC' },
        timeout: 120_000,
      });
      expect(result.stderr).not.toMatch(/answer check failed/);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^answers checked: \d+ checks passed$/m);
      expect(result.stdout).toContain('smo-gaps / DuckDB');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
