import { jsonText } from './formats.js';
import type { Finding, FindingsReport } from '../audit/findings/index.js';
import { csvText } from './csv.js';
import type { Style } from './style.js';
import { count } from './count.js';
import { table } from './table.js';

/** SPEC §9's CSV columns. */
export const FINDINGS_COLUMNS = ['kind', 'store', 'doc_type', 'series', 'from', 'to', 'date', 'detail', 'evidence'] as const;

/** A finding's detail as `key=value` pairs, space-separated (values never hold a space). */
export function detailText(finding: Finding): string {
  return Object.entries(finding.detail)
    .map(([k, v]) => `${k}=${v === null ? '' : String(v).replace(/\s+/g, '_')}`)
    .join(' ');
}

export function findingsCsv(report: FindingsReport): string {
  return csvText(
    FINDINGS_COLUMNS,
    report.findings.map((f) => [
      f.kind,
      f.store,
      f.doc_type ?? '',
      f.series ?? '',
      f.from ?? '',
      f.to ?? '',
      f.date,
      detailText(f),
      f.evidence.join(';'),
    ]),
  );
}

export function findingsJson(report: FindingsReport): string {
  return jsonText(report);
}

export function findingsTable(report: FindingsReport, style: Style): string {
  const { chalk } = style;
  const period = report.period.from === report.period.to ? report.period.from : `${report.period.from} to ${report.period.to}`;
  const totals = Object.entries(report.totals)
    .map(([kind, n]) => `${kind} ${count(n ?? 0)}`)
    .join(' · ');
  const lines = [chalk.bold(`Findings, ${period}`), totals, ''];
  if (report.findings.length === 0) {
    lines.push(chalk.green('No findings in this period.'), '');
    return lines.join('\n');
  }
  const t = table(style, ['Kind', 'Store', 'Type', 'Series', 'From', 'To', 'Date', 'Detail', 'Evidence'], [4, 5]);
  for (const f of report.findings) {
    t.push([
      f.kind,
      f.store,
      f.doc_type ?? '—',
      f.series ?? '—',
      f.from ?? '—',
      f.to ?? '—',
      f.date,
      detailText(f).split(' ').join('\n'),
      f.evidence.join('\n') || '—',
    ]);
  }
  lines.push(t.toString(), '');
  return lines.join('\n');
}
