import { describe, expect, it } from 'vitest';
import { accessKeyCheckDigit, buildAccessKey, parseAccessKey } from '../../src/input/access-key.js';

const PUBLISHED = '0403201301179226110400110015010000000081234567816';

describe('SRI access keys', () => {
  it('rejects a wrong check digit, naming the expected one', () => {
    for (let digit = 0; digit <= 9; digit++) {
      if (digit === 6) continue;
      const parsed = parseAccessKey(PUBLISHED.slice(0, 48) + digit);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toContain('fails its check digit (expected 6)');
    }
  });

  it('rejects a key whose digits were swapped (the check digit catches it)', () => {
    const swapped = PUBLISHED.slice(0, 30) + '000000018' + PUBLISHED.slice(39);
    expect(parseAccessKey(swapped).ok).toBe(false);
  });

  it('rejects keys that are not 49 digits', () => {
    expect(parseAccessKey(PUBLISHED.slice(0, 48)).ok).toBe(false);
    expect(parseAccessKey(PUBLISHED + '1').ok).toBe(false);
    expect(parseAccessKey(PUBLISHED.replace('7', 'A')).ok).toBe(false);
  });

  it('rejects a valid check digit over an impossible date or sequential 0', () => {
    const badDate = '30022024' + PUBLISHED.slice(8, 48);
    expect(parseAccessKey(badDate + accessKeyCheckDigit(badDate)).ok).toBe(false);
    const zero = PUBLISHED.slice(0, 30) + '000000000' + PUBLISHED.slice(39, 48);
    expect(parseAccessKey(zero + accessKeyCheckDigit(zero)).ok).toBe(false);
  });

  it('round-trips through buildAccessKey', () => {
    const parts = {
      date: 20240229,
      docType: '04',
      ruc: '0990012345001',
      environment: '2',
      establishment: '002',
      emissionPoint: '105',
      sequential: 999_999_999,
      numericCode: '87654321',
      emissionType: '1',
    };
    const key = buildAccessKey(parts);
    expect(key).toMatch(/^\d{49}$/);
    expect(parseAccessKey(key)).toEqual({ ok: true, key: parts });
    // The published example rebuilt from its parts.
    expect(
      buildAccessKey({
        date: 20130304,
        docType: '01',
        ruc: '1792261104001',
        environment: '1',
        establishment: '001',
        emissionPoint: '501',
        sequential: 8,
        numericCode: '12345678',
        emissionType: '1',
      }),
    ).toBe(PUBLISHED);
  });

  it('maps a check sum of 11 to 0 and of 10 to 1', () => {
    // Search small keys until both special cases appear; each must still validate.
    const seen = new Set<number>();
    for (let seq = 1; seq < 200 && seen.size < 11; seq++) {
      const key = buildAccessKey({
        date: 20240101,
        docType: '01',
        ruc: '1790000000001',
        establishment: '001',
        emissionPoint: '001',
        sequential: seq,
      });
      seen.add(Number(key[48]));
      expect(parseAccessKey(key).ok).toBe(true);
    }
    expect(seen.has(0)).toBe(true);
    expect(seen.has(1)).toBe(true);
  });
});
