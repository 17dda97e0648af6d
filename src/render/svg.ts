/**
 * The dashboard's two charts as SVG text, drawn on the server from the report model: no
 * chart library, no JavaScript needed to see them, and vectors that print sharply on A4.
 * Sizes are in viewBox units; the page scales the SVG to its column. Colours come from the
 * Okabe–Ito palette, which stays distinguishable with the common colour-vision deficiencies,
 * and every value is also written as text, so no reading depends on colour alone.
 */

export const PALETTE = {
  missing: '#D55E00', // vermillion
  recovered: '#0072B2', // blue
  grid: '#D9D9D9',
  axis: '#595959',
  text: '#1A1A1A',
} as const;

/** Escapes text for HTML and SVG content and attribute values. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A round axis maximum and its tick step (1, 2 or 5 × 10^k), at most about five ticks; counts only. */
export function niceScale(max: number): { max: number; step: number } {
  if (max <= 0) return { max: 1, step: 1 };
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!);
  return { max: Math.ceil(max / step) * step, step };
}

// Labels are measured roughly (no font metrics on the server): 0.6 em per character.
const CHAR_WIDTH = 0.6;

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1).trimEnd()}…`;
}

export interface BarItem {
  label: string;
  value: number;
  /** The value as the page's language writes it. */
  valueText: string;
  /** The hover text. */
  tooltip: string;
}

export interface ChartText {
  id: string;
  title: string;
  desc: string;
}

function svgOpen(text: ChartText, width: number, height: number, className: string): string {
  return (
    `<svg class="${className}" id="${esc(text.id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-labelledby="${esc(text.id)}-title ${esc(text.id)}-desc">` +
    `<title id="${esc(text.id)}-title">${esc(text.title)}</title><desc id="${esc(text.id)}-desc">${esc(text.desc)}</desc>`
  );
}

/** Horizontal bars, one per item, largest first as given; each bar's value written at its end. */
export function horizontalBars(items: BarItem[], text: ChartText): string {
  const width = 460;
  const font = 13;
  const row = 30;
  const bar = 20;
  const top = 8;
  const labelChars = Math.min(26, Math.max(6, ...items.map((i) => i.label.length)));
  const labelWidth = Math.ceil(labelChars * font * CHAR_WIDTH) + 12;
  const valueWidth = Math.ceil(Math.max(2, ...items.map((i) => i.valueText.length)) * font * CHAR_WIDTH) + 10;
  const plot = width - labelWidth - valueWidth;
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = top * 2 + row * items.length;
  const parts = [svgOpen(text, width, height, 'chart chart-bars')];
  parts.push(
    `<line class="axis" x1="${labelWidth}" y1="${top - 4}" x2="${labelWidth}" y2="${height - top + 4}" stroke="${PALETTE.axis}"/>`,
  );
  items.forEach((item, i) => {
    const y = top + i * row;
    const w = Math.max(item.value > 0 ? 2 : 0, Math.round((item.value / max) * plot));
    const middle = y + row / 2;
    parts.push(
      `<g class="bar" data-label="${esc(item.label)}" data-value="${item.value}"><title>${esc(item.tooltip)}</title>` +
        `<text class="bar-label" x="${labelWidth - 8}" y="${middle}" text-anchor="end" dominant-baseline="central" font-size="${font}" fill="${PALETTE.text}">${esc(truncate(item.label, labelChars))}</text>` +
        `<rect x="${labelWidth}" y="${y + (row - bar) / 2}" width="${w}" height="${bar}" fill="${PALETTE.missing}"/>` +
        `<text class="bar-value" x="${labelWidth + w + 6}" y="${middle}" dominant-baseline="central" font-size="${font}" font-weight="600" fill="${PALETTE.text}">${esc(item.valueText)}</text>` +
        `</g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface ColumnSeries {
  name: string;
  color: string;
  values: number[];
}

export interface ColumnChartData {
  /** One label per column group (a day or a month). */
  labels: string[];
  /** The long form of each label, for hover text. */
  longLabels: string[];
  series: ColumnSeries[];
  format: (n: number) => string;
}

/** Grouped columns over time, with a y axis of round ticks and as many x labels as fit. */
export function groupedColumns(data: ColumnChartData, text: ChartText): string {
  const width = 640;
  const height = 260;
  const font = 12;
  const left = 44;
  const right = 8;
  const top = 30;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = Math.max(1, data.labels.length);
  const slot = plotW / n;
  const { max, step } = niceScale(Math.max(0, ...data.series.flatMap((s) => s.values)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts = [svgOpen(text, width, height, 'chart chart-columns')];

  // Legend, top left: a swatch and a name per series.
  let lx = left;
  for (const s of data.series) {
    parts.push(
      `<g class="legend-item"><rect x="${lx}" y="6" width="12" height="12" fill="${s.color}"/>` +
        `<text x="${lx + 18}" y="12" dominant-baseline="central" font-size="${font}" fill="${PALETTE.text}">${esc(s.name)}</text></g>`,
    );
    lx += 18 + Math.ceil(s.name.length * font * CHAR_WIDTH) + 24;
  }

  for (let v = 0; v <= max; v += step) {
    parts.push(
      `<line class="grid" x1="${left}" y1="${y(v)}" x2="${width - right}" y2="${y(v)}" stroke="${v === 0 ? PALETTE.axis : PALETTE.grid}"/>` +
        `<text class="tick" x="${left - 6}" y="${y(v)}" text-anchor="end" dominant-baseline="central" font-size="${font}" fill="${PALETTE.axis}">${esc(data.format(v))}</text>`,
    );
  }

  const groupW = slot * 0.8;
  const barW = groupW / data.series.length;
  const labelEvery = Math.max(1, Math.ceil((Math.max(...data.labels.map((l) => l.length), 1) * font * CHAR_WIDTH + 6) / slot));
  data.labels.forEach((label, i) => {
    const x0 = left + i * slot + (slot - groupW) / 2;
    const tooltip = [data.longLabels[i], ...data.series.map((s) => `${s.name}: ${data.format(s.values[i])}`)].join('\n');
    const bars = data.series
      .map((s, k) => {
        const v = s.values[i];
        if (v <= 0) return '';
        return `<rect class="column" data-series="${k}" data-value="${v}" x="${(x0 + k * barW).toFixed(2)}" y="${y(v).toFixed(2)}" width="${Math.max(1, barW - 1).toFixed(2)}" height="${(top + plotH - y(v)).toFixed(2)}" fill="${s.color}"/>`;
      })
      .join('');
    // An invisible full-height target carries the hover text, so thin or empty days can be pointed at.
    parts.push(
      `<g class="column-group" data-label="${esc(data.longLabels[i])}"><title>${esc(tooltip)}</title>` +
        `<rect x="${(left + i * slot).toFixed(2)}" y="${top}" width="${slot.toFixed(2)}" height="${plotH}" fill="transparent"/>${bars}</g>`,
    );
    if (i % labelEvery === 0) {
      parts.push(
        `<text class="tick" x="${(left + i * slot + slot / 2).toFixed(2)}" y="${height - bottom + 16}" text-anchor="middle" font-size="${font}" fill="${PALETTE.axis}">${esc(label)}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
