import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * The one switch for every expected file of the tests (the expected outputs beside fixtures/):
 * UPDATE_EXPECTED=1 writes them instead of comparing, for a reviewed change of the outputs
 * (check the diff by hand before committing).
 */
export const UPDATE_EXPECTED = process.env.UPDATE_EXPECTED === '1';

/** Compares output with an expected file committed beside its fixture (or writes it, UPDATE_EXPECTED=1). */
export function expectFile(actual: string, path: string): void {
  if (UPDATE_EXPECTED) {
    writeFileSync(path, actual);
    return;
  }
  expect(actual, path).toBe(readFileSync(path, 'utf8'));
}

/** `ingest --json` with what legitimately varies (timings, the scratch directory) fixed. */
export function normalizeIngestJson(stdout: string, scratchDir: string): string {
  const parsed = JSON.parse(stdout) as {
    files: { seconds: number; rows_per_second: number }[];
    rejects_file: string | null;
  };
  for (const file of parsed.files) {
    file.seconds = 0;
    file.rows_per_second = 0;
  }
  if (parsed.rejects_file) parsed.rejects_file = parsed.rejects_file.replace(scratchDir, '<tmp>');
  return `${JSON.stringify(parsed, null, 2)}\n`;
}

/** Replaces the scratch directory in messages. */
export function normalizePaths(text: string, scratchDir: string): string {
  return text.split(scratchDir).join('<tmp>');
}
