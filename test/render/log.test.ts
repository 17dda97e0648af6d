import { describe, expect, it } from 'vitest';
import { Log, logLine, logTime } from '../../src/render/log.js';

const at = new Date('2026-11-23T07:00:01.234Z');

describe('log lines', () => {
  it('text: time to the second, the step, then key=value with quoting only where needed', () => {
    expect(
      logLine(at, 'ingest', { file: 'inbox/a b.csv', loaded: 118, reason: 'x=y', empty: '', skipped: undefined, ok: true }, 'text'),
    ).toBe('2026-11-23T07:00:01Z ingest file="inbox/a b.csv" loaded=118 reason="x=y" empty="" ok=true\n');
  });

  it('json: one object per line, undefined fields left out', () => {
    const line = logLine(at, 'report', { missing: 2, store: undefined, period: '2024-03-01' }, 'json');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trim().includes('\n')).toBe(false);
    expect(JSON.parse(line)).toEqual({ time: '2026-11-23T07:00:01Z', step: 'report', missing: 2, period: '2024-03-01' });
  });

  it('escapes control characters so a line stays one line', () => {
    expect(logLine(at, 'error', { error: 'bad\nthing' }, 'text')).toBe('2026-11-23T07:00:01Z error error="bad\\nthing"\n');
  });

  it('--quiet keeps warnings and errors', () => {
    let out = '';
    const log = new Log({ write: (t: string) => (out += t) }, { quiet: true, now: () => at });
    log.info('scan', { files: 3 });
    log.warn('late', { stores: 1 });
    log.error('ingest', { file: 'x.csv' });
    expect(out).toBe('2026-11-23T07:00:01Z late level=warn stores=1\n2026-11-23T07:00:01Z ingest level=error file=x.csv\n');
    expect(logTime(at)).toBe('2026-11-23T07:00:01Z');
  });
});
