import { describe, expect, it } from 'vitest';
import { daysSince } from '../../src/audit/status.js';

describe('daysSince', () => {
  it('counts calendar days from the upload to today, never below 0', () => {
    process.env.TZ = 'UTC';
    expect(daysSince('2024-03-01T23:59:00.000Z', 20240304)).toBe(3);
    expect(daysSince('2024-03-04T00:01:00.000Z', 20240304)).toBe(0);
    expect(daysSince('2026-11-23T07:00:00.000Z', 20240304)).toBe(0);
    expect(daysSince(null, 20240304)).toBe(null);
  });
});
