import { describe, expect, it } from 'vitest';
import { dateOrderEvidence, dayOf, formatDay, isSlashedDate, parseDate, parseDateFormatOption } from '../../src/input/dates.js';

const ok = (day: number) => ({ ok: true, day });

describe('parseDate', () => {
  it('reads yyyy-MM-dd, with or without a time', () => {
    expect(parseDate('2024-03-15')).toEqual(ok(20240315));
    expect(parseDate(' 2024-3-5 ')).toEqual(ok(20240305));
    expect(parseDate('2024-03-15 10:20')).toEqual(ok(20240315));
    expect(parseDate('2024-03-15 10:20:30')).toEqual(ok(20240315));
    expect(parseDate('2024-03-15T23:59:59Z')).toEqual(ok(20240315));
    expect(parseDate('2024-03-15T10:20:30.123-05:00')).toEqual(ok(20240315));
  });

  it('reads dd/MM/yyyy by default and MM/dd/yyyy when told, with or without a time', () => {
    expect(parseDate('15/03/2024')).toEqual(ok(20240315));
    expect(parseDate('04/03/2024')).toEqual(ok(20240304));
    expect(parseDate('04/03/2024', 'mdy')).toEqual(ok(20240403));
    expect(parseDate('15/03/2024 00:00:00')).toEqual(ok(20240315));
    expect(parseDate('15/03/2024 13:05')).toEqual(ok(20240315));
    expect(parseDate('5/3/2024')).toEqual(ok(20240305));
  });

  it('rejects impossible dates, naming the value', () => {
    for (const text of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-04-31', '2024-00-10', '31/04/2024', '30/02/2024', '13/25/2024']) {
      const parsed = parseDate(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toBe(`impossible date '${text}'`);
    }
    expect(parseDate('02/30/2024', 'mdy').ok).toBe(false);
  });

  it('knows leap years', () => {
    expect(parseDate('2024-02-29')).toEqual(ok(20240229));
    expect(parseDate('2000-02-29')).toEqual(ok(20000229));
    expect(parseDate('1900-02-29').ok).toBe(false);
    expect(parseDate('2100-02-29').ok).toBe(false);
    expect(parseDate('29/02/2028')).toEqual(ok(20280229));
    expect(parseDate('29/02/2027').ok).toBe(false);
  });

  it('rejects empty and unreadable cells', () => {
    expect(parseDate('')).toEqual({ ok: false, reason: 'missing date' });
    expect(parseDate('  ')).toEqual({ ok: false, reason: 'missing date' });
    const bad = parseDate('March 3rd');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^unreadable date 'March 3rd'/);
    expect(parseDate('2024/03/15').ok).toBe(false);
    expect(parseDate('20240315').ok).toBe(false);
  });
});

describe('day arithmetic', () => {
  it('formats and validates days', () => {
    expect(formatDay(20240105)).toBe('2024-01-05');
    expect(formatDay(20241231)).toBe('2024-12-31');
    expect(dayOf(2024, 2, 29)).toBe(20240229);
    expect(dayOf(2023, 2, 29)).toBeUndefined();
    expect(dayOf(2024, 12, 31)).toBe(20241231);
    expect(dayOf(2024, 12, 32)).toBeUndefined();
  });
});

describe('date order evidence', () => {
  it('decides day-first or month-first only from an unambiguous value', () => {
    expect(dateOrderEvidence('15/03/2024')).toBe('dmy');
    expect(dateOrderEvidence('03/15/2024')).toBe('mdy');
    expect(dateOrderEvidence('03/04/2024')).toBeUndefined();
    expect(dateOrderEvidence('12/12/2024')).toBeUndefined();
    expect(dateOrderEvidence('2024-03-15')).toBeUndefined();
    expect(dateOrderEvidence('31/31/2024')).toBeUndefined();
    expect(dateOrderEvidence('15/03/2024 10:00:00')).toBe('dmy');
  });

  it('reads --date-format', () => {
    expect(parseDateFormatOption('dd/MM/yyyy')).toBe('dmy');
    expect(parseDateFormatOption('MM/dd/yyyy')).toBe('mdy');
    expect(parseDateFormatOption('yyyy-MM-dd')).toBe('dmy');
    expect(parseDateFormatOption('whatever')).toBeUndefined();
  });

  it('tells slashed dates, whose order depends on the file, from ISO dates, which need none', () => {
    expect(isSlashedDate('03/04/2024')).toBe(true);
    expect(isSlashedDate(' 3.4.2024 10:00')).toBe(true);
    expect(isSlashedDate('2024-03-04')).toBe(false);
    expect(isSlashedDate('')).toBe(false);
  });
});

describe('a real date outside the years of invoices (issue 14)', () => {
  it('is out of range, not impossible', () => {
    expect(parseDate('9999-12-31')).toEqual({ ok: false, reason: "date out of range '9999-12-31' (years 1900 to 2999)" });
    expect(parseDate('31/12/1899')).toEqual({ ok: false, reason: "date out of range '31/12/1899' (years 1900 to 2999)" });
    expect(parseDate('3001-02-29')).toEqual({ ok: false, reason: "impossible date '3001-02-29'" });
    expect(parseDate('2024-02-30')).toEqual({ ok: false, reason: "impossible date '2024-02-30'" });
  });
});
