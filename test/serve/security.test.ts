import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, scratch, smo } from '../helpers/cli.js';
import { chooseToken, hostAllowed, isLoopback, originAllowed, sameSecret, tokenOf } from '../../src/serve/security.js';
import { Reader } from '../../src/serve/reader.js';

describe('the server’s checks', () => {
  it('knows the loopback addresses, and that 0.0.0.0 is not one', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'audit.example.com', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });

  it('asks for a token on a non-loopback host: --token, else SMO_GAPS_TOKEN, else a new one', () => {
    expect(chooseToken(undefined, {}, '127.0.0.1')).toEqual({ generated: false });
    expect(chooseToken('from-the-flag-123456', { SMO_GAPS_TOKEN: 'from-the-environment-1' }, '0.0.0.0')).toEqual({
      token: 'from-the-flag-123456',
      generated: false,
    });
    expect(chooseToken(undefined, { SMO_GAPS_TOKEN: 'from-the-environment-1' }, '0.0.0.0')).toEqual({
      token: 'from-the-environment-1',
      generated: false,
    });
    const made = chooseToken(undefined, {}, '0.0.0.0');
    expect(made.generated).toBe(true);
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(chooseToken(undefined, {}, '0.0.0.0').token).not.toBe(made.token);
    // Given on loopback, it is asked too.
    expect(chooseToken('a-loopback-token-123', {}, '127.0.0.1').token).toBe('a-loopback-token-123');
  });

  it('refuses a token too short to be one', () => {
    expect(() => chooseToken('short', {}, '0.0.0.0')).toThrow('--token: the token must be at least 16 characters');
    expect(() => chooseToken(undefined, { SMO_GAPS_TOKEN: 'short' }, '0.0.0.0')).toThrow('SMO_GAPS_TOKEN: the token must be at least 16');
  });

  it('reads the token from a bearer header, the cookie or the query, in that order', () => {
    expect(tokenOf({ authorization: 'Bearer abc', cookie: 'def', query: 'ghi' })).toBe('abc');
    expect(tokenOf({ authorization: 'Basic abc', cookie: 'def' })).toBe('def');
    expect(tokenOf({ query: 'ghi' })).toBe('ghi');
    expect(tokenOf({})).toBeUndefined();
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abd', 'abc')).toBe(false);
    expect(sameSecret('ab', 'abc')).toBe(false);
    expect(sameSecret(undefined, 'abc')).toBe(false);
  });

  it('takes a form only from its own origin', () => {
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', undefined)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8081', '127.0.0.1:8080', undefined)).toBe(false);
    expect(originAllowed('http://evil.example', '127.0.0.1:8080', undefined)).toBe(false);
    expect(originAllowed(undefined, '127.0.0.1:8080', undefined)).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8080', undefined)).toBe(false);
    expect(originAllowed('https://audit.example.com', '127.0.0.1:8080', 'https://audit.example.com')).toBe(true);
    expect(originAllowed('not a url', '127.0.0.1:8080', undefined)).toBe(false);
  });

  it('answers, without a token, to loopback Host names and the public one only', () => {
    expect(hostAllowed('127.0.0.1:8080', undefined)).toBe(true);
    expect(hostAllowed('localhost:8080', undefined)).toBe(true);
    expect(hostAllowed('[::1]:8080', undefined)).toBe(true);
    expect(hostAllowed('evil.example:8080', undefined)).toBe(false);
    expect(hostAllowed('127.0.0.1.evil.example', undefined)).toBe(false);
    expect(hostAllowed('audit.example.com', 'audit.example.com')).toBe(true);
  });
});

describe('the server’s connection', () => {
  const tmp = scratch('smo-gaps-serve-reader-');
  afterAll(() => tmp.cleanup());

  it('is read-only: no statement run through it can change an invoice', () => {
    const r = smo(['ingest', '--db', tmp.db, '--delimiter', ',', '--quiet', join(FIXTURES, 'html', '02-tardios.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const reader = new Reader(tmp.db);
    const count = () => reader.read((db) => (db.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }).n);
    const before = count();
    expect(before).toBeGreaterThan(0);
    expect(() => reader.read((db) => db.prepare('DELETE FROM invoice_blocks').run())).toThrow(/readonly/);
    expect(() => reader.read((db) => db.prepare('UPDATE invoice_blocks SET rows = 0').run())).toThrow(/readonly/);
    expect(count()).toBe(before);
    reader.close();
  });
});
