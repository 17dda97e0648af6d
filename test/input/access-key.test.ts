import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accessKeyCheckDigit, buildAccessKey, parseAccessKey } from '../../src/input/access-key.js';

/** DOMAIN.md's rule written out plainly, to check the production code against. */
function referenceCheckDigit(first48: string): number {
  const weights = [2, 3, 4, 5, 6, 7];
  let sum = 0;
  [...first48].reverse().forEach((digit, i) => (sum += Number(digit) * weights[i % 6]));
  const digit = 11 - (sum % 11);
  if (digit === 11) return 0;
  if (digit === 10) return 1;
  return digit;
}

const PUBLISHED = '0403201301179226110400110015010000000081234567816';

describe('SRI access keys', () => {
  it('reads the published example of DOMAIN.md', () => {
    expect(parseAccessKey(PUBLISHED)).toEqual({
      ok: true,
      key: {
        date: 20130304,
        docType: '01',
        ruc: '1792261104001',
        environment: '1',
        establishment: '001',
        emissionPoint: '501',
        sequential: 8,
        numericCode: '12345678',
        emissionType: '1',
      },
    });
    expect(accessKeyCheckDigit(PUBLISHED.slice(0, 48))).toBe(6);
  });

  it('computes the modulo-11 digit as the rule says, for any 48 digits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 48, maxLength: 48 }), (digits) => {
        const first48 = digits.join('');
        expect(accessKeyCheckDigit(first48)).toBe(referenceCheckDigit(first48));
      }),
      { numRuns: 2000 },
    );
  });

  it('maps 11 to 0 and 10 to 1', () => {
    // Find keys whose weighted sum leaves remainders 0 and 1 by varying the numeric code.
    const found = new Map<number, string>();
    for (let code = 0; found.size < 2 && code < 1000; code++) {
      const key = buildAccessKey({
        date: 20240301,
        docType: '01',
        ruc: '1791234567001',
        establishment: '001',
        emissionPoint: '001',
        sequential: 1,
        numericCode: String(code).padStart(8, '0'),
      });
      const first48 = key.slice(0, 48);
      let sum = 0;
      [...first48].reverse().forEach((d, i) => (sum += Number(d) * [2, 3, 4, 5, 6, 7][i % 6]));
      if (sum % 11 <= 1 && !found.has(sum % 11)) found.set(sum % 11, key);
    }
    expect(found.get(0)!.at(-1)).toBe('0');
    expect(found.get(1)!.at(-1)).toBe('1');
    expect(parseAccessKey(found.get(0)!).ok).toBe(true);
    expect(parseAccessKey(found.get(1)!).ok).toBe(true);
  });

  it('reads back every key it builds', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(
        fc.record({
          date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
          docType: fc.constantFrom('01', '03', '04', '05', '06', '07'),
          ruc: digits(13),
          environment: fc.constantFrom('1', '2'),
          establishment: digits(3),
          emissionPoint: digits(3),
          sequential: fc.integer({ min: 1, max: 999_999_999 }),
          numericCode: digits(8),
        }),
        ({ date, ...parts }) => {
          const day = date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
          const key = buildAccessKey({ ...parts, date: day });
          expect(key).toMatch(/^\d{49}$/);
          expect(parseAccessKey(key)).toEqual({ ok: true, key: { ...parts, date: day, emissionType: '1' } });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects a wrong check digit, a wrong length, letters, an impossible date and sequential 0', () => {
    const wrong = PUBLISHED.slice(0, 48) + '7';
    expect(parseAccessKey(wrong)).toEqual({ ok: false, reason: `access key '${wrong}' fails its check digit (expected 6)` });
    expect(parseAccessKey(PUBLISHED.slice(0, 48))).toMatchObject({ ok: false, reason: expect.stringContaining('malformed access key') });
    expect(parseAccessKey(`${PUBLISHED}0`)).toMatchObject({ ok: false, reason: expect.stringContaining('malformed') });
    expect(parseAccessKey(`A${PUBLISHED.slice(1)}`)).toMatchObject({ ok: false, reason: expect.stringContaining('malformed') });
    const feb30 = '3002' + PUBLISHED.slice(4, 48);
    expect(parseAccessKey(feb30 + accessKeyCheckDigit(feb30))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('impossible date'),
    });
    const zero = PUBLISHED.slice(0, 30) + '000000000' + PUBLISHED.slice(39, 48);
    expect(parseAccessKey(zero + accessKeyCheckDigit(zero))).toMatchObject({ ok: false, reason: expect.stringContaining('sequential 0') });
  });

  it('tolerates spaces around the key', () => {
    expect(parseAccessKey(` ${PUBLISHED}\t`).ok).toBe(true);
  });
});
