import { describe, expect, it } from 'vitest';
import { outputNames, scheduledPeriod } from '../../src/commands/run.js';
import { isInboxCandidate } from '../../src/ingest/inbox.js';

describe('run helpers', () => {
  it('daily reports yesterday, monthly the month before today', () => {
    expect(scheduledPeriod('daily', { SMO_GAPS_TODAY: '2024-03-01' })).toEqual({
      period: { from: 20240229, to: 20240229 },
      label: '2024-02-29',
    });
    expect(scheduledPeriod('monthly', { SMO_GAPS_TODAY: '2024-03-01' })).toEqual({
      period: { from: 20240201, to: 20240229 },
      label: '2024-02',
    });
    expect(scheduledPeriod('monthly', { SMO_GAPS_TODAY: '2024-01-15' }).label).toBe('2023-12');
  });

  it('names the dated files', () => {
    expect(outputNames('2024-03-01')).toEqual({
      table: 'report-2024-03-01.txt',
      json: 'report-2024-03-01.json',
      html: 'report-2024-03-01.html',
      missing: 'missing-2024-03-01.csv',
      findings: 'findings-2024-03-01.csv',
      rejects: 'rejects-2024-03-01.csv',
    });
  });

  it('ignores files an uploader may still be writing', () => {
    expect(isInboxCandidate('l101.csv')).toBe(true);
    expect(isInboxCandidate('.l101.csv')).toBe(false);
    expect(isInboxCandidate('l101.csv.part')).toBe(false);
    expect(isInboxCandidate('l101.csv.TMP')).toBe(false);
  });
});
