import { describe, expect, it } from 'vitest';
import { formatsFor, langFromEnv } from '../../src/render/i18n.js';

/** ICU puts thin and no-break spaces in ranges and percentages; compare with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u2009\u202f]/g, ' ');

describe('langFromEnv', () => {
  it('takes Spanish from LC_ALL, LC_MESSAGES or LANG, in that order', () => {
    expect(langFromEnv({ LANG: 'es_EC.UTF-8' })).toBe('es');
    expect(langFromEnv({ LANG: 'es' })).toBe('es');
    expect(langFromEnv({ LANG: 'es_ES@euro' })).toBe('es');
    expect(langFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'es_EC.UTF-8' })).toBe('es');
    expect(langFromEnv({ LANG: 'es_EC.UTF-8', LC_MESSAGES: 'C' })).toBe('en');
  });
  it('falls back to English', () => {
    expect(langFromEnv({})).toBe('en');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'estonian' })).toBe('en');
  });
});

describe('formatsFor', () => {
  it('formats numbers, percentages and amounts per language', () => {
    const es = formatsFor('es');
    const en = formatsFor('en');
    expect(es.number(1234567)).toBe('1.234.567');
    expect(en.number(1234567)).toBe('1,234,567');
    expect(es.percent(0.1047)).toMatch(/^10,47\s?%$/);
    expect(en.percent(0.1047)).toBe('10.47%');
    expect(es.amount(999.99)).toBe('999,99');
  });
  it('never shifts a date by the time zone', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'America/Guayaquil';
    try {
      expect(formatsFor('en').date('2024-03-01')).toBe('Mar 1, 2024');
      expect(formatsFor('es').date('2024-03-01')).toBe('1 mar 2024');
      expect(formatsFor('es').monthShort('2024-01')).toBe('ene 2024');
    } finally {
      process.env.TZ = previous;
    }
  });
  it('names whole months as months', () => {
    expect(formatsFor('en').period('2024-02-01', '2024-02-29')).toBe('February 2024');
    expect(plain(formatsFor('en').period('2024-02-01', '2024-02-28'))).toBe('February 1 – 28, 2024');
    expect(formatsFor('es').period('2023-12-01', '2024-01-31')).toBe('Diciembre de 2023–enero de 2024');
  });
});
