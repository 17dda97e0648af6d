import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/store/db.js';
import { loadFile } from '../../src/ingest/load-file.js';
import { dashboardModel, writeHtmlReport } from '../../src/render/dashboard.js';
import { FIXTURES, scratch } from '../helpers/cli.js';

describe('writeHtmlReport (for the daily run)', () => {
  const tmp = scratch('smo-gaps-html-write-');
  let db: DB;
  beforeAll(async () => {
    db = openDatabase(':memory:');
    for (const file of ['01-ventas-ene-mar.csv', '02-tardios.csv']) await loadFile(db, join(FIXTURES, 'html', file), { delimiter: ',' });
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('writes the period’s page atomically to the path given, from an open database', async () => {
    const path = join(tmp.dir, 'reports', '2024-03-07.html');
    await writeHtmlReport(db, { from: 20240307, to: 20240307 }, { lang: 'es' }, path);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('<html lang="es-EC">');
    expect(html).toContain('Jueves, 7 de marzo de 2024');
    // 7 March: L-101 04 001-002 #6 and L-104 1009–1013 are revealed that day.
    expect([...html.matchAll(/<tr data-store="([^"]*)" data-order/g)].map((m) => m[1])).toEqual(expect.arrayContaining(['L-101', 'L-104']));
    expect(readdirSync(join(tmp.dir, 'reports'))).toEqual(['2024-03-07.html']);
  });

  it('builds the download from the same rows as export, with its defaults', () => {
    const model = dashboardModel(db, { from: 20240301, to: 20240331 }, {});
    const lines = model.exportCsv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'store,doc_type,series,sequential,gap_from,gap_to,gap_count,prev_date,next_date,listed,kind,review_status,review_comment',
    );
    expect(lines).toHaveLength(1 + 45);
    expect(model.exportRowCount).toBe(45);
    expect(model.top).toBe(5);
    expect(model.report.top.map((t) => t.store)).toEqual(['L-101', 'L-102', 'L-103', 'Café & Té <Norte>', 'L-104']);
  });
});
