import { describe, expect, it } from 'vitest';
import { applyRate, centsText, divideRounded, medianCents, rentOn, type Rate } from '../../../src/audit/money/rules.js';
import { parseRate, rateText } from '../../../src/input/rate.js';

const rate = (text: string): Rate => parseRate(text)!;

describe('money rules (SPEC §8), in cents', () => {
  it('rounds halves away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(-4n, 3n)).toBe(-1n);
    expect(divideRounded(149n, 100n)).toBe(1n);
    expect(divideRounded(150n, 100n)).toBe(2n);
  });

  it('reads rates as 8%, 0.08 or a bare number above 1 meaning percent', () => {
    expect(rateText(rate('8%'))).toBe('0.08');
    expect(rateText(rate('0.08'))).toBe('0.08');
    expect(rateText(rate('8'))).toBe('0.08');
    expect(rateText(rate('6,5 %'))).toBe('0.065');
    expect(rateText(rate('12.5'))).toBe('0.125');
    expect(rateText(rate('1'))).toBe('1');
    expect(parseRate('eight')).toBeUndefined();
    expect(parseRate('')).toBeUndefined();
  });

  it('applies a rate to the cent, half away from zero', () => {
    expect(applyRate(rate('1%'), 50)).toBe(1); // 0.5 cent → 1
    expect(applyRate(rate('1%'), 49)).toBe(0);
    expect(applyRate(rate('1%'), -50)).toBe(-1);
    expect(applyRate(rate('7.5%'), 10010)).toBe(751); // 7.5075 → 7.51
    expect(applyRate(rate('8%'), 1_000_000)).toBe(80_000);
  });

  it('takes the larger of the minimum and the commission; a fixed rent is its minimum', () => {
    const commission = { scheme: 'commission' as const, rate: rate('8%'), minimum: 150_000 };
    expect(rentOn(commission, 1_000_000)).toBe(150_000); // 800.00 < 1,500.00: the minimum wins
    expect(rentOn(commission, 2_500_000)).toBe(200_000); // 2,000.00 > 1,500.00: the minimum loses
    expect(rentOn({ scheme: 'fixed', rate: null, minimum: 200_000 }, 9_999_999)).toBe(200_000);
    expect(rentOn({ ...commission, minimum: 0 }, -10_000)).toBe(0); // credit notes over sales: no negative rent below a 0 minimum
  });

  it('takes the median ticket: the middle value, or the mean of the two middle ones rounded to the cent; 0 for none', () => {
    expect(medianCents([])).toBe(0);
    expect(medianCents([500])).toBe(500);
    expect(medianCents([900, 100, 500])).toBe(500);
    expect(medianCents([1000, 1001])).toBe(1001); // 10.005 → 10.01
    expect(medianCents([100, 200, 300, 10_000])).toBe(250);
  });

  it('writes cents as text without a float', () => {
    expect(centsText(123456)).toBe('1234.56');
    expect(centsText(-5)).toBe('-0.05');
    expect(centsText(null)).toBe('');
  });
});
