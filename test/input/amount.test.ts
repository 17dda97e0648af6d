import { describe, expect, it } from 'vitest';
import { decimalMarkEvidence, defaultDecimalMark, isAmbiguousAmount, parseAmountCents } from '../../src/input/amount.js';

const cents = (text: string, mark: '.' | ',' = '.') => {
  const parsed = parseAmountCents(text, mark);
  return parsed.ok ? parsed.cents : 'unreadable';
};

describe('amounts in cents (SPEC §8)', () => {
  it('reads the common forms exactly', () => {
    expect(cents('1234.56')).toBe(123456);
    expect(cents('.31')).toBe(31);
    expect(cents('2500')).toBe(250000);
    expect(cents('4.5')).toBe(450);
    expect(cents('')).toBeNull();
    expect(cents('-12.30')).toBe(-1230);
  });

  it('rounds a third decimal half away from zero', () => {
    expect(cents('1.005')).toBe(101);
    expect(cents('1.004')).toBe(100);
    expect(cents('-1.005')).toBe(-101);
  });

  it('reads with the file decimal mark: 1.000 is one thousand in a decimal-comma file', () => {
    expect(cents('1.000', ',')).toBe(100000);
    expect(cents('1.000', '.')).toBe(100);
    expect(cents('1.234.567,89', ',')).toBe(123456789);
    expect(cents('1,234,567.89', '.')).toBe(123456789);
    expect(cents('12,5', ',')).toBe(1250);
    expect(cents('12.50', ',')).toBe('unreadable');
  });

  it('ignores currency marks before or after the number', () => {
    expect(cents('$ 12.00')).toBe(1200);
    expect(cents('USD 12.00')).toBe(1200);
    expect(cents('S/ 118.88')).toBe(11888);
    expect(cents('S/. 118.88')).toBe(11888);
    expect(cents('PEN 5.00')).toBe(500);
    expect(cents('5.00 €')).toBe(500);
    expect(cents('5,00 EUR', ',')).toBe(500);
    expect(cents('-$5.00')).toBe(-500);
  });

  it('refuses what is not an amount', () => {
    expect(cents('NULL')).toBe('unreadable');
    expect(cents('lots')).toBe('unreadable');
    expect(cents('1.2.3')).toBe('unreadable');
    expect(cents('12,34,5')).toBe('unreadable');
  });

  it('tells the decimal mark from cells that settle it, and waits on those that do not', () => {
    expect(decimalMarkEvidence('1.234,56')).toBe(',');
    expect(decimalMarkEvidence('1,234.56')).toBe('.');
    expect(decimalMarkEvidence('12,5')).toBe(',');
    expect(decimalMarkEvidence('12.50')).toBe('.');
    expect(decimalMarkEvidence('1.234.567')).toBe(',');
    expect(decimalMarkEvidence('0,500')).toBe(',');
    expect(decimalMarkEvidence('1.000')).toBeUndefined();
    expect(decimalMarkEvidence('2500')).toBeUndefined();
    expect(isAmbiguousAmount('1.000')).toBe(true);
    expect(isAmbiguousAmount('$ 1,000')).toBe(true);
    expect(isAmbiguousAmount('1000')).toBe(false);
    expect(isAmbiguousAmount('12.50')).toBe(false);
    expect(defaultDecimalMark(';')).toBe(',');
    expect(defaultDecimalMark(',')).toBe('.');
  });
});
