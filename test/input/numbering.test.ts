import { describe, expect, it } from 'vitest';
import {
  MAX_SEQUENTIAL,
  SRI_MAX_SEQUENTIAL,
  normalizeSeriesCell,
  numberParserFromPattern,
  parseInvoiceNumber,
  sriSeriesLabel,
} from '../../src/input/numbering.js';

const number = (series: string | undefined, sequential: number, sri: boolean) => ({ ok: true, number: { series, sequential, sri } });

describe('parseInvoiceNumber', () => {
  it('reads EEE-PPP-SSSSSSSSS numbers as a series label and a sequential', () => {
    expect(parseInvoiceNumber('001-002-000000123')).toEqual(number('001-002', 123, true));
    expect(parseInvoiceNumber(' 001-012-024304725 ')).toEqual(number('001-012', 24304725, true));
    expect(parseInvoiceNumber('001-001-5')).toEqual(number('001-001', 5, true));
    expect(parseInvoiceNumber('001002000000123')).toEqual(number('001-002', 123, true));
  });

  it('reads bare numbers without a series', () => {
    expect(parseInvoiceNumber('123')).toEqual(number(undefined, 123, false));
    expect(parseInvoiceNumber('000123')).toEqual(number(undefined, 123, false));
    expect(parseInvoiceNumber('123.0')).toEqual(number(undefined, 123, false));
  });

  it('reads prefixed numbers of other regimes', () => {
    expect(parseInvoiceNumber('F001-00000123')).toEqual(number('F001', 123, false));
    expect(parseInvoiceNumber('A/2024/000123')).toEqual(number('A/2024', 123, false));
    expect(parseInvoiceNumber('FAC000123')).toEqual(number('FAC', 123, false));
  });

  it('enforces the limits: 1 to 999,999,999 for SRI numbering, safe integers otherwise', () => {
    expect(parseInvoiceNumber('001-001-999999999')).toEqual(number('001-001', SRI_MAX_SEQUENTIAL, true));
    expect(parseInvoiceNumber('001-001-000000000').ok).toBe(false);
    // Ten digits do not match SRI numbering; read as a prefixed number, interpretRow rejects it (rows.test.ts).
    expect(parseInvoiceNumber('001-001-1000000000')).toEqual(number('001-001', 1_000_000_000, false));
    expect(parseInvoiceNumber('0').ok).toBe(false);
    expect(parseInvoiceNumber(String(MAX_SEQUENTIAL))).toEqual(number(undefined, MAX_SEQUENTIAL, false));
    const huge = parseInvoiceNumber('99999999999999999999');
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.reason).toContain('out of range');
  });

  it('rejects empty and non-numeric values with a reason', () => {
    expect(parseInvoiceNumber('')).toEqual({ ok: false, reason: 'missing sequential' });
    expect(parseInvoiceNumber('abc')).toEqual({ ok: false, reason: "non-numeric sequential 'abc'" });
    expect(parseInvoiceNumber('1.5').ok).toBe(false);
    expect(parseInvoiceNumber('-5').ok).toBe(false);
  });

  it('takes unusual numbers through --number-pattern', () => {
    const parse = numberParserFromPattern(/^(?<series>[A-Z]+)#(?<seq>\d+)$/);
    expect(parse('AB#0042')).toEqual(number('AB', 42, false));
    expect(parse('AB-0042').ok).toBe(false);
    expect(numberParserFromPattern(/^N(?<seq>\d+)$/)('N7')).toEqual(number(undefined, 7, false));
  });
});

describe('series labels', () => {
  it('builds EEE-PPP from establecimiento and punto de emisión cells', () => {
    expect(sriSeriesLabel('1', '2')).toBe('001-002');
    expect(sriSeriesLabel('001', '012')).toBe('001-012');
    expect(sriSeriesLabel(' 7 ', '100')).toBe('007-100');
    expect(sriSeriesLabel('', '1')).toBeUndefined();
    expect(sriSeriesLabel('1000', '1')).toBeUndefined();
    expect(sriSeriesLabel('A', '1')).toBeUndefined();
  });

  it('normalises a serie cell', () => {
    expect(normalizeSeriesCell('001-001')).toBe('001-001');
    expect(normalizeSeriesCell('001001')).toBe('001-001');
    expect(normalizeSeriesCell('F001')).toBe('F001');
    expect(normalizeSeriesCell('  ')).toBeUndefined();
  });
});
