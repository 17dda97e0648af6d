import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, inFixture, scratch, scratchPerTest, smo } from '../helpers/cli.js';

/**
 * The audit trail end to end (SPEC §10), on fixtures/e2e/reviews: an export edited as Excel
 * saves it (UTF-8 with BOM and CRLF; Latin-1 with `;`), a bad status, a late upload after
 * a saved report, and evidence packs.
 */
const DIR = join(FIXTURES, 'e2e', 'reviews');
const work = scratchPerTest('smo-gaps-trail-');
const run = inFixture('reviews', () => work().db);

function loadMarch(): void {
  const r = run(['ingest', '--quiet', 'march.csv', 'l203.csv']);
  expect(r.code, r.stderr).toBe(0);
}

const exportRows = () =>
  run(['export', '--month', '2024-03'])
    .stdout.trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
      return `${cells[0]} ${cells[1]} ${cells[2]} ${cells[3]} ${cells[11]} ${cells[12]}`.trim();
    });

const logJson = () =>
  JSON.parse(run(['review', 'log', '--format', 'json']).stdout) as {
    from: number;
    to: number;
    new_status: string;
    comment: string;
    source: string;
  }[];

describe('review import: the Excel round trip', () => {
  it('reads a BOM/CRLF UTF-8 file and a Latin-1 ; file, with 01 turned into 1 and dates rewritten; a second import adds nothing', () => {
    loadMarch();
    const utf8 = run(['review', 'import', 'excel-utf8.csv', '--by', 'ana']);
    expect(utf8.code, utf8.stderr).toBe(0);
    expect(utf8.stderr).toBe('excel-utf8.csv: 12 rows, 4 reviews changed (4 log rows), 0 unchanged, 3 left blank\n');
    const latin = run(['review', 'import', 'excel-latin1.csv', '--by', 'ana']);
    expect(latin.code, latin.stderr).toBe(0);
    expect(exportRows()).toEqual([
      'L-201 01 001-001 3 explained Talonario anulado, nº 3 a 5',
      'L-201 01 001-001 4 explained Talonario anulado, nº 3 a 5',
      'L-201 01 001-001 5 explained Talonario anulado, nº 3 a 5',
      'L-201 01 001-001 6 escalated Pedir al local',
      'L-201 01 001-001 7 escalated Pedir al local',
      'L-201 01 001-001 8 escalated Pedir al local',
      'L-201 01 001-001 9 escalated Pedir al local',
      'L-202 01 002-001 2 billed Facturado en la renta de marzo',
      'L-202 04 002-001 2 explained Nota de crédito anulada – error de digitación',
      'L-202 04 002-001 3 explained Nota de crédito anulada – error de digitación',
      "L-203 01 '- 8 billed",
    ]);
    const log = logJson();
    expect(log.map((r) => `${r.from}..${r.to} ${r.new_status} ${r.source}`)).toEqual([
      '3..5 explained import excel-utf8.csv:2-4',
      '6..9 escalated import excel-utf8.csv:5-8',
      '2..2 billed import excel-utf8.csv:9',
      '8..8 billed import excel-utf8.csv:12',
      '2..3 explained import excel-latin1.csv:2-3',
    ]);
    const report = JSON.parse(run(['report', '--month', '2024-03', '--format', 'json']).stdout);
    expect(report.totals).toMatchObject({ missing: 11, explained: 5 });
    expect(report.top.map((t: { store: string; unexplained: number }) => `${t.store}:${t.unexplained}`)).toEqual([
      'L-201:4',
      'L-202:1',
      'L-203:1',
    ]);

    // The same files again: every row unchanged, nothing logged.
    expect(run(['review', 'import', 'excel-utf8.csv']).stderr).toMatch(/0 reviews changed \(0 log rows\), 4 unchanged/);
    expect(run(['review', 'import', 'excel-latin1.csv']).stderr).toMatch(/0 reviews changed/);
    expect(logJson()).toHaveLength(5);
  });

  it('round-trips its own export: edited and re-imported, the export shows the reviews', () => {
    loadMarch();
    const exported = run(['export', '--month', '2024-03', '--bom']).stdout;
    const edited = exported.replace(
      'L-202,01,002-001,2,2,2,1,2024-03-01,2024-03-05,number,gap,,',
      'L-202,01,002-001,2,2,2,1,2024-03-01,2024-03-05,number,gap,billed,"renta, marzo"',
    );
    writeFileSync(join(work().dir, 'edited.csv'), edited.replace(/\n/g, '\r\n'));
    const r = smo(['review', 'import', join(work().dir, 'edited.csv'), '--db', work().db]);
    expect(r.code, r.stderr).toBe(0);
    expect(exportRows()).toContain('L-202 01 002-001 2 billed renta, marzo');
  });

  it('a bad status fails the whole import with its line, exit 2, and changes nothing', () => {
    loadMarch();
    const before = run(['export', '--month', '2024-03']).stdout;
    const r = run(['review', 'import', 'bad-status.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("smo-gaps: bad-status.csv: line 6: review_status 'hecho': expected explained, billed, escalated, open\n");
    expect(logJson()).toEqual([]);
    expect(run(['export', '--month', '2024-03']).stdout).toBe(before);
  });

  it('review set, then the later review wins on the numbers it covers; --status is checked', () => {
    loadMarch();
    expect(
      run(['review', 'set', '--store', 'L-201', '--series', '001-001', '--from', '3', '--to', '9', '--status', 'escalated', '--by', 'ana'])
        .code,
    ).toBe(0);
    const r = run([
      'review',
      'set',
      '--store',
      'L-201',
      '--series',
      '001-001',
      '--from',
      '8',
      '--status',
      'explained',
      '--comment',
      'nota',
      '--by',
      'bob',
    ]);
    expect(r.stderr).toBe('review L-201 01 001-001 8: explained (1 log row)\n');
    expect(
      exportRows()
        .filter((l) => l.startsWith('L-201'))
        .map((l) => l.split(' ').slice(3, 5).join(' ')),
    ).toEqual(['3 escalated', '4 escalated', '5 escalated', '6 escalated', '7 escalated', '8 explained', '9 escalated']);
    const bad = run(['review', 'set', '--store', 'L-201', '--series', '001-001', '--from', '3', '--status', 'done']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status 'done': expected explained, billed, escalated, open/);
    const unknown = run(['review', 'set', '--store', 'L-201', '--series', '009-009', '--from', '3', '--status', 'billed']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no series L-201 \/ 01 \/ 009-009/);
  });
});

describe('saved reports', () => {
  it('report --save, a late upload, then snapshots diff: recovered since, newly missing, totals; reviews stay on the numbers', () => {
    loadMarch();
    run(['review', 'import', 'excel-utf8.csv', '--by', 'ana']);
    const saved = run(['report', '--month', '2024-03', '--format', 'json', '--save']);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toBe('saved as report 1 (smo-gaps snapshots show 1)\n');
    expect(run(['snapshots', 'show', '1', '--format', 'json']).stdout).toBe(saved.stdout);

    expect(run(['ingest', '--quiet', 'late.csv']).code).toBe(0);
    const diff = run(['snapshots', 'diff', '1', '--format', 'json']);
    expect(diff.code).toBe(0);
    const d = JSON.parse(diff.stdout);
    expect(d.recovered).toEqual([{ store: 'L-201', doc_type: '01', series: '001-001', from: 5, to: 5, count: 1 }]);
    expect(d.newly_missing).toEqual([{ store: 'L-201', doc_type: '01', series: '001-001', from: 13, to: 14, count: 2 }]);
    expect(d.totals.before).toMatchObject({ missing: 11, explained: 3 });
    expect(d.totals.after).toMatchObject({ missing: 12, explained: 2 });
    expect(d.changed).toBe(true);
    const table = run(['snapshots', 'diff', '1']);
    expect(table.stdout).toMatch(/Recovered since \(missing then, present now\): 1 number\n/);
    expect(table.stdout).toMatch(/Newly missing \(not missing then\): 2 numbers\n/);
    const fail = run(['snapshots', 'diff', '1', '--fail-on-change']);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toBe('smo-gaps: saved report 1 changed: 1 recovered, 2 newly missing, missing 11 → 12\n');

    // The late arrival split 3..9: 3, 4 keep explained, 6..9 keep escalated.
    expect(
      exportRows()
        .filter((l) => l.startsWith('L-201'))
        .map((l) => l.split(' ').slice(3, 5).join(' ')),
    ).toEqual(['3 explained', '4 explained', '6 escalated', '7 escalated', '8 escalated', '9 escalated', '13', '14']);
    const list = JSON.parse(run(['snapshots', '--format', 'json']).stdout);
    expect(list).toMatchObject([{ id: 1, source: 'report', period: { from: '2024-03-01', to: '2024-03-31' }, missing: 11, explained: 3 }]);
    expect(run(['snapshots', 'show', '7']).code).toBe(2);
  });

  it('run monthly saves the report it writes; an unchanged diff exits 0 with --fail-on-change', () => {
    const w = work();
    mkdirSync(join(w.dir, 'inbox'));
    for (const f of ['march.csv', 'l203.csv']) copyFileSync(join(DIR, f), join(w.dir, 'inbox', f));
    const r = smo(['run', 'monthly', '--db', w.db, '--inbox', join(w.dir, 'inbox'), '--out', join(w.dir, 'out')], {
      env: { SMO_GAPS_TODAY: '2024-04-02' },
    });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(run(['snapshots', '--format', 'json']).stdout);
    expect(list).toMatchObject([{ id: 1, source: 'run monthly', period: { from: '2024-03-01', to: '2024-03-31' }, missing: 11 }]);
    expect(run(['snapshots', 'show', '1', '--format', 'json']).stdout).toBe(
      readFileSync(join(w.dir, 'out', 'report-2024-03.json'), 'utf8'),
    );
    const same = run(['snapshots', 'diff', '1', '--fail-on-change']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^Unchanged since it was issued\.$/m);
  });
});

describe('evidence packs', () => {
  const FILES = ['findings.csv', 'inputs.csv', 'manifest.json', 'missing.csv', 'report.html', 'report.json', 'reviews.csv', 'trail.csv'];

  function pack(cwd: string, env: Record<string, string> = { SOURCE_DATE_EPOCH: '1711929600' }) {
    return smo(['evidence', '--month', '2024-03', '--output', 'pack', '--db', work().db], { cwd, env });
  }

  it('writes the folder of SPEC §10; two packs of one database under SOURCE_DATE_EPOCH are byte-identical', () => {
    loadMarch();
    run(['review', 'import', 'excel-utf8.csv', '--by', 'ana']);
    run(['ingest', '--quiet', 'late.csv']);
    const one = scratch('smo-gaps-pack-');
    const two = scratch('smo-gaps-pack-');
    try {
      expect(pack(one.dir).code).toBe(0);
      const second = pack(two.dir);
      expect(second.code, second.stderr).toBe(0);
      expect(readdirSync(join(one.dir, 'pack')).sort()).toEqual(FILES);
      for (const f of FILES) expect(readFileSync(join(two.dir, 'pack', f)), f).toEqual(readFileSync(join(one.dir, 'pack', f)));

      const manifest = JSON.parse(readFileSync(join(one.dir, 'pack', 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({
        tool: 'smo-gaps',
        schema_version: expect.any(Number),
        period: { from: '2024-03-01', to: '2024-03-31' },
        generated_at: '2024-04-01T00:00:00.000Z',
        command: `smo-gaps evidence --month 2024-03 --output pack --db ${work().db}`,
      });
      expect(Object.keys(manifest.files)).toEqual(FILES.filter((f) => f !== 'manifest.json'));
      const read = (f: string) => readFileSync(join(one.dir, 'pack', f), 'utf8');
      expect(read('missing.csv')).toBe(run(['export', '--month', '2024-03']).stdout);
      expect(read('report.json')).toBe(run(['report', '--month', '2024-03', '--format', 'json']).stdout);
      expect(read('trail.csv').split('\n')[1]).toMatch(
        /^L-201,01,001-001,3,4,2,2,2024-03-02,march.csv,3,1,[0-9a-f]{64},5,2024-03-05,late.csv,2,3,[0-9a-f]{64}$/,
      );
      expect(read('inputs.csv')).toMatch(/^run_id,file,size,sha256,/);
      expect(read('inputs.csv')).toMatch(/\n3,late.csv,/);
      expect(read('reviews.csv').split('\n')).toHaveLength(6); // header, 4 changes, final newline
    } finally {
      one.cleanup();
      two.cleanup();
    }
  });

  it('evidence verify passes an untouched pack and exits 1 naming a file changed by one byte, or added', () => {
    loadMarch();
    const out = scratch('smo-gaps-pack-');
    try {
      expect(pack(out.dir).code).toBe(0);
      const dir = join(out.dir, 'pack');
      const ok = smo(['evidence', 'verify', dir]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^ok {2}missing\.csv$/m);

      const path = join(dir, 'missing.csv');
      const bytes = readFileSync(path);
      bytes[bytes.length - 2] ^= 1; // one byte
      writeFileSync(path, bytes);
      const bad = smo(['evidence', 'verify', dir]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/^ALTERED {2}missing\.csv$/m);
      expect(bad.stderr).toBe(`smo-gaps: ${dir}: missing.csv altered\n`);

      writeFileSync(join(dir, 'extra.txt'), 'x');
      expect(smo(['evidence', 'verify', dir]).stderr).toBe(`smo-gaps: ${dir}: missing.csv altered, extra.txt unlisted\n`);
      expect(pack(out.dir).code).toBe(2); // the folder is not empty
    } finally {
      out.cleanup();
    }
  });
});
