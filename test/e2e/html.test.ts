import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';

describe('smo-gaps html', () => {
  const tmp = scratch('smo-gaps-html-cli-');
  const env = { SMO_GAPS_TODAY: '2024-04-01' };

  beforeAll(() => {
    const files = ['01-ventas-ene-mar.csv', '02-tardios.csv'].map((f) => join(FIXTURES, 'html', f));
    const ingest = smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', ...files]);
    expect(ingest.code, ingest.stderr).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('writes the page to standard output, yesterday by default, in English without LANG', () => {
    const r = smo(['html', '--db', tmp.db], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('<!doctype html>\n<html lang="en-US">')).toBe(true);
    expect(r.stdout).toContain('<p class="period">Sunday, March 31, 2024</p>');
    expect(r.stderr).toBe('');
  });

  it('writes a file with --output, in Spanish from LANG', () => {
    const path = join(tmp.dir, 'out', 'marzo.html');
    const r = smo(['html', '--db', tmp.db, '--month', '2024-03', '--output', path], { env: { ...env, LANG: 'es_EC.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('<html lang="es-EC">');
    expect(html).toContain('Faltantes por día');
    expect(html).toContain('Café &amp; Té &lt;Norte&gt;');
  });

  it('charts months for a range over two months', () => {
    const r = smo(['html', '--db', tmp.db, '--from', '2024-01', '--lang', 'en'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Missing numbers per month');
    expect(r.stdout.match(/<g class="column-group"/g)).toHaveLength(3);
    expect(r.stdout.replace(/[\u2009\u202f]/g, ' ')).toContain('<p class="period">January – March 2024</p>');
  });

  it('narrows to one store with --store and ranks --top stores', () => {
    const one = smo(['html', '--db', tmp.db, '--month', '2024-03', '--store', 'L-102', '--lang', 'en'], { env });
    expect(one.code, one.stderr).toBe(0);
    expect([...new Set([...one.stdout.matchAll(/<tr data-store="([^"]*)"/g)].map((m) => m[1]))]).toEqual(['L-102']);
    expect(one.stdout).toContain('download="smo-gaps-missing-L-102-2024-03-01_2024-03-31.csv"');
    const top3 = smo(['html', '--db', tmp.db, '--month', '2024-03', '--top', '3', '--lang', 'en'], { env });
    expect(top3.stdout.match(/<g class="bar"/g)).toHaveLength(3);
    expect(top3.stdout).toContain('Top 3 stores by missing numbers');
  });

  it('says when a period has no gaps', () => {
    const r = smo(['html', '--db', tmp.db, '--day', '2024-03-31', '--lang', 'en'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No missing numbers in this period.');
  });

  it('rejects bad usage with exit code 2', () => {
    expect(smo(['html', '--db', tmp.db, '--lang', 'fr'], { env }).code).toBe(2);
    const unknown = smo(['html', '--db', tmp.db, '--store', 'NOPE'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--store 'NOPE': no such store");
    expect(smo(['html', '--db', tmp.db, '--top', '0'], { env }).code).toBe(2);
  });
});
