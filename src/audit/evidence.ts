import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DB } from '../store/db.js';
import { InvoiceLookup, runsLoadingDates } from '../store/invoice-blocks.js';
import { formatDay } from '../input/dates.js';
import type { Period } from './period.js';
import { InputError } from '../errors.js';

/**
 * The evidence pack's own contents (SPEC §10): which ingest runs gave the period's rows
 * (inputs.csv), the file and line of each gap's previous and next invoice (trail.csv), and
 * the manifest that hashes every file, with the check that re-hashes them.
 */
export const TRAIL_COLUMNS = [
  'store',
  'doc_type',
  'series',
  'gap_from',
  'gap_to',
  'gap_count',
  'prev_number',
  'prev_date',
  'prev_file',
  'prev_line',
  'prev_run',
  'prev_sha256',
  'next_number',
  'next_date',
  'next_file',
  'next_line',
  'next_run',
  'next_sha256',
] as const;

export type TrailRow = Record<(typeof TRAIL_COLUMNS)[number], string | number | null>;

/** For each gap of the period, its previous and next invoice and where each was read. */
export function trailRows(db: DB, period: Period, options: { store?: string } = {}): TrailRow[] {
  const gaps = db
    .prepare(
      `SELECT g.series_id, st.code AS store, se.doc_type, se.label AS series, g.from_seq AS gap_from, g.to_seq AS gap_to,
              g.to_seq - g.from_seq + 1 AS gap_count
         FROM gaps g JOIN series se ON se.id = g.series_id JOIN stores st ON st.id = se.store_id
        WHERE g.next_date BETWEEN @from AND @to ${options.store === undefined ? '' : 'AND st.code = @store'}
        ORDER BY st.code, se.doc_type, se.label, g.from_seq`,
    )
    .all({ from: period.from, to: period.to, store: options.store }) as (TrailRow & { series_id: number })[];
  const invoices = new InvoiceLookup(db);
  const run = db.prepare(`SELECT file, sha256 FROM runs WHERE id = ?`);
  const side = (seriesId: number, seq: number) => {
    const invoice = invoices.at(seriesId, seq);
    const from = invoice && (run.get(invoice.runId) as { file: string; sha256: string } | undefined);
    return {
      number: invoice?.seq ?? null,
      date: invoice ? formatDay(invoice.date) : null,
      file: from ? from.file : null,
      line: invoice?.line ?? null,
      run: invoice?.runId ?? null,
      sha256: from ? from.sha256 : null,
    };
  };
  return gaps.map(({ series_id, ...gap }) => {
    const prev = side(series_id, Number(gap.gap_from) - 1);
    const next = side(series_id, Number(gap.gap_to) + 1);
    return {
      ...gap,
      prev_number: prev.number,
      prev_date: prev.date,
      prev_file: prev.file,
      prev_line: prev.line,
      prev_run: prev.run,
      prev_sha256: prev.sha256,
      next_number: next.number,
      next_date: next.date,
      next_file: next.file,
      next_line: next.line,
      next_run: next.run,
      next_sha256: next.sha256,
    };
  });
}

export const INPUT_COLUMNS = [
  'run_id',
  'file',
  'size',
  'sha256',
  'started_at',
  'finished_at',
  'status',
  'rows_read',
  'loaded',
  'already_present',
  'conflicts',
  'rejected',
  'gaps_opened',
  'missing_opened',
  'recovered_late',
] as const;

export type InputRow = Record<(typeof INPUT_COLUMNS)[number], string | number | null>;

/**
 * The ingest runs behind the pack: those that loaded invoices dated in the period (or a
 * conflicting row of it), and those the trail names (a gap's previous invoice may be older).
 */
export function inputRows(db: DB, period: Period, trail: readonly TrailRow[]): InputRow[] {
  const ids = new Set<number>([
    ...runsLoadingDates(db, period.from, period.to),
    ...(db
      .prepare(`SELECT dup_run FROM conflicts WHERE dup_date BETWEEN @from AND @to`)
      .pluck()
      .all({ from: period.from, to: period.to }) as number[]),
  ]);
  for (const t of trail) {
    if (typeof t.prev_run === 'number') ids.add(t.prev_run);
    if (typeof t.next_run === 'number') ids.add(t.next_run);
  }
  const get = db.prepare(`SELECT id AS run_id, ${INPUT_COLUMNS.slice(1).join(', ')} FROM runs WHERE id = ?`);
  return [...ids].sort((a, b) => a - b).map((id) => get.get(id) as InputRow);
}

export interface Manifest {
  tool: 'smo-gaps';
  version: string;
  command: string;
  schema_version: number;
  period: { from: string; to: string };
  generated_at: string;
  files: Record<string, string>;
}

export const MANIFEST = 'manifest.json';

export const sha256Of = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

/** The manifest of a pack's files (name → content), names in order so the text is reproducible. */
export function buildManifest(files: ReadonlyMap<string, string | Buffer>, meta: Omit<Manifest, 'tool' | 'files'>): string {
  const hashes: Record<string, string> = {};
  for (const name of [...files.keys()].sort()) hashes[name] = sha256Of(files.get(name)!);
  const manifest: Manifest = { tool: 'smo-gaps', ...meta, files: hashes };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export interface VerifyEntry {
  file: string;
  state: 'ok' | 'altered' | 'missing' | 'unlisted';
}

/** Re-hashes a pack against its manifest: every listed file, and any file the manifest does not list. */
export function verifyPack(dir: string): { manifest: Manifest; entries: VerifyEntry[] } {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${join(dir, MANIFEST)}: ${code ? `cannot read: ${code}` : `not a manifest: ${(error as Error).message}`}`);
  }
  if (!manifest || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new InputError(`${join(dir, MANIFEST)}: not a smo-gaps evidence manifest (no files)`);
  }
  const entries: VerifyEntry[] = [];
  for (const [file, sha] of Object.entries(manifest.files)) {
    let content: Buffer;
    try {
      content = readFileSync(join(dir, file));
    } catch {
      entries.push({ file, state: 'missing' });
      continue;
    }
    entries.push({ file, state: sha256Of(content) === sha ? 'ok' : 'altered' });
  }
  for (const name of readdirSync(dir).sort()) {
    if (name !== MANIFEST && !(name in manifest.files)) entries.push({ file: name, state: 'unlisted' });
  }
  return { manifest, entries };
}
