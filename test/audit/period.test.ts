import { describe, expect, it } from 'vitest';
import { describePeriod, today, yesterday } from '../../src/audit/period.js';
import { resolveMonths, resolvePeriod } from '../../src/commands/options.js';
import { UsageError } from '../../src/errors.js';

const env = (day?: string): NodeJS.ProcessEnv => (day === undefined ? {} : { SMO_GAPS_TODAY: day });

describe('resolvePeriod', () => {
  it('reads --day', () => {
    expect(resolvePeriod({ day: '2024-03-15' }, env())).toEqual({ from: 20240315, to: 20240315 });
  });

  it('reads --month, with month ends and leap years', () => {
    expect(resolvePeriod({ month: '2024-02' }, env())).toEqual({ from: 20240201, to: 20240229 });
    expect(resolvePeriod({ month: '2023-02' }, env())).toEqual({ from: 20230201, to: 20230228 });
    expect(resolvePeriod({ month: '1900-02' }, env())).toEqual({ from: 19000201, to: 19000228 });
    expect(resolvePeriod({ month: '2000-02' }, env())).toEqual({ from: 20000201, to: 20000229 });
    expect(resolvePeriod({ month: '2024-04' }, env())).toEqual({ from: 20240401, to: 20240430 });
    expect(resolvePeriod({ month: '2024-12' }, env())).toEqual({ from: 20241201, to: 20241231 });
  });

  it('reads --from/--to as days or months, inclusive', () => {
    expect(resolvePeriod({ from: '2024-01-10', to: '2024-03-05' }, env())).toEqual({ from: 20240110, to: 20240305 });
    expect(resolvePeriod({ from: '2024-01', to: '2024-02' }, env())).toEqual({ from: 20240101, to: 20240229 });
    expect(resolvePeriod({ from: '2024-02-15', to: '2024-02-15' }, env())).toEqual({ from: 20240215, to: 20240215 });
  });

  it('runs --from alone to yesterday', () => {
    expect(resolvePeriod({ from: '2024-01' }, env('2024-03-01'))).toEqual({ from: 20240101, to: 20240229 });
  });

  it('defaults to yesterday, from SMO_GAPS_TODAY when set', () => {
    expect(resolvePeriod({}, env('2024-03-15'))).toEqual({ from: 20240314, to: 20240314 });
    expect(resolvePeriod({}, env('2024-03-01'))).toEqual({ from: 20240229, to: 20240229 });
    expect(resolvePeriod({}, env('2023-03-01'))).toEqual({ from: 20230228, to: 20230228 });
    expect(resolvePeriod({}, env('2025-01-01'))).toEqual({ from: 20241231, to: 20241231 });
  });

  it('uses the local clock without SMO_GAPS_TODAY', () => {
    const local = (d: Date) => d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
    const before = local(new Date());
    const t = today(env());
    expect([before, local(new Date())]).toContain(t); // the test may straddle midnight
    expect(yesterday(env())).toBeLessThan(t);
  });

  it('rejects bad input with usage errors', () => {
    const bad: [Parameters<typeof resolvePeriod>[0], RegExp][] = [
      [{ day: '2024-02-30' }, /--day '2024-02-30'/],
      [{ day: '15/03/2024' }, /--day/],
      [{ month: '2024-13' }, /--month '2024-13'/],
      [{ month: '2024-3' }, /--month/],
      [{ from: '2024-03-10', to: '2024-03-01' }, /ends \(2024-03-01\) before it starts \(2024-03-10\)/],
      [{ to: '2024-03-01' }, /--to needs --from/],
      [{ from: 'March' }, /--from 'March'/],
      [{ day: '2024-03-01', month: '2024-03' }, /choose one of/],
      [{ month: '2024-03', from: '2024-01' }, /choose one of/],
    ];
    for (const [options, message] of bad) {
      expect(() => resolvePeriod(options, env('2024-06-01')), JSON.stringify(options)).toThrow(UsageError);
      expect(() => resolvePeriod(options, env('2024-06-01'))).toThrow(message);
    }
    expect(() => resolvePeriod({}, env('yesterday'))).toThrow(/SMO_GAPS_TODAY='yesterday'/);
    expect(() => resolvePeriod({}, env('2024-02-30'))).toThrow(UsageError);
  });

  it('describes periods', () => {
    expect(describePeriod({ from: 20240301, to: 20240301 })).toBe('2024-03-01');
    expect(describePeriod({ from: 20240301, to: 20240331 })).toBe('2024-03-01 to 2024-03-31');
  });
});

describe('resolveMonths', () => {
  it('runs from --from to the last complete month', () => {
    expect(resolveMonths({ from: '2023-11' }, undefined, env('2024-02-10'))).toEqual([
      { from: 20231101, to: 20231130 },
      { from: 20231201, to: 20231231 },
      { from: 20240101, to: 20240131 },
    ]);
  });

  it('honours --to and starts at the first data day when --from is absent', () => {
    expect(resolveMonths({ to: '2024-03' }, 20240115, env('2024-06-10'))).toEqual([
      { from: 20240101, to: 20240131 },
      { from: 20240201, to: 20240229 },
      { from: 20240301, to: 20240331 },
    ]);
  });

  it('is empty when --from is after the last complete month', () => {
    expect(resolveMonths({ from: '2024-06' }, undefined, env('2024-06-10'))).toEqual([]);
  });
});
