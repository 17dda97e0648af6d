import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, headless, for the browser tests (never a downloaded browser; CI installs
 * it with apt-get, .ci/run). `available` is false, with a warning, where it is missing.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

function chromiumRuns(): boolean {
  if (!existsSync(CHROMIUM)) return false;
  return spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).status === 0;
}

export function chromiumAvailable(what: string): boolean {
  const available = chromiumRuns();
  if (!available) console.warn(`SKIPPED ${what}: ${CHROMIUM} is missing or does not run (install it: apt-get install -y chromium)`);
  return available;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
