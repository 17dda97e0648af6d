import type { FindingKind, FindingsReport } from '../audit/findings/index.js';
import type { Formats, Lang } from './i18n.js';
import { esc } from './svg.js';
import { detailText } from './findings.js';

/** The dashboard's findings section (SPEC §9): one row per finding, with its evidence. */
const LABELS: Record<
  Lang,
  {
    title: string;
    empty: string;
    note: string;
    jump: string;
    col: {
      kind: string;
      store: string;
      type: string;
      series: string;
      from: string;
      to: string;
      date: string;
      detail: string;
      evidence: string;
    };
    kinds: Record<FindingKind, string>;
  }
> = {
  en: {
    title: 'Findings beyond gaps',
    empty: 'No findings in this period.',
    note: 'Each finding names the rows behind it (file:line of the export).',
    jump: 'jump',
    col: {
      kind: 'Kind',
      store: 'Store',
      type: 'Type',
      series: 'Series',
      from: 'From',
      to: 'To',
      date: 'Date',
      detail: 'Detail',
      evidence: 'Evidence',
    },
    kinds: {
      jump: 'Jump',
      backdated: 'Backdated',
      void_rate: 'Void rate',
      silent_day: 'Silent day',
      conflict: 'Conflicting duplicate',
      key_reuse: 'Reused access key',
      late_authorisation: 'Late authorisation',
    },
  },
  es: {
    title: 'Hallazgos además de los saltos',
    empty: 'Sin hallazgos en este período.',
    note: 'Cada hallazgo nombra las filas que lo sustentan (archivo:línea de la exportación).',
    jump: 'salto grande',
    col: {
      kind: 'Tipo de hallazgo',
      store: 'Local',
      type: 'Tipo',
      series: 'Serie',
      from: 'Desde',
      to: 'Hasta',
      date: 'Fecha',
      detail: 'Detalle',
      evidence: 'Evidencia',
    },
    kinds: {
      jump: 'Salto grande',
      backdated: 'Fecha retroactiva',
      void_rate: 'Tasa de anulación',
      silent_day: 'Día sin emisión',
      conflict: 'Duplicado en conflicto',
      key_reuse: 'Clave de acceso reutilizada',
      late_authorisation: 'Autorización tardía',
    },
  },
};

/** The word that flags a jump in the gaps table. */
export function jumpWord(lang: Lang): string {
  return LABELS[lang].jump;
}

export function findingsSection(findings: FindingsReport | undefined, f: Formats): string {
  if (!findings) return '';
  const L = LABELS[f.lang];
  const c = L.col;
  const title = `<h2 id="findings-title">${esc(L.title)}</h2>`;
  if (findings.findings.length === 0) {
    return `<section aria-labelledby="findings-title">${title}<p class="empty">${esc(L.empty)}</p></section>`;
  }
  const head = [c.kind, c.store, c.type, c.series, c.from, c.to, c.date, c.detail, c.evidence]
    .map((h, i) => `<th scope="col"${i === 4 || i === 5 ? ' class="num"' : ''}>${esc(h)}</th>`)
    .join('');
  const rows = findings.findings
    .map(
      (x) =>
        `<tr data-kind="${esc(x.kind)}"><td>${esc(L.kinds[x.kind])}</td><th scope="row">${esc(x.store)}</th>` +
        `<td>${esc(x.doc_type ?? '—')}</td><td><span class="code">${esc(x.series ?? '—')}</span></td>` +
        `<td class="num">${x.from ?? '—'}</td><td class="num">${x.to ?? '—'}</td><td>${esc(f.date(x.date))}</td>` +
        `<td><span class="sub">${esc(detailText(x))}</span></td><td><span class="sub">${x.evidence.map(esc).join('<br>') || '—'}</span></td></tr>`,
    )
    .join('');
  return (
    `<section aria-labelledby="findings-title">${title}<p class="note">${esc(L.note)}</p>` +
    `<div class="table-wrap"><table id="findings-table"><caption class="visually-hidden">${esc(L.title)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></section>`
  );
}
