import { describe, expect, it } from 'vitest';
import { esc, groupedColumns, horizontalBars, niceScale } from '../../src/render/svg.js';

describe('niceScale', () => {
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(3)).toEqual({ max: 3, step: 1 });
    expect(niceScale(9)).toEqual({ max: 10, step: 2 });
    expect(niceScale(45)).toEqual({ max: 50, step: 10 });
    expect(niceScale(1234)).toEqual({ max: 1500, step: 500 });
  });
});

describe('esc', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('charts', () => {
  const text = { id: 'c', title: 'T <1>', desc: 'D' };
  it('labels the SVG for assistive technology', () => {
    const svg = horizontalBars([{ label: 'A', value: 2, valueText: '2', tooltip: 'A: 2' }], text);
    expect(svg).toMatch(/^<svg class="chart chart-bars" id="c" viewBox="0 0 \d+ \d+"[^>]* role="img" aria-labelledby="c-title c-desc">/);
    expect(svg).toContain('<title id="c-title">T &lt;1&gt;</title>');
  });
  it('scales bars to the largest and truncates long labels with their full text kept', () => {
    const long = 'A store with a very long name indeed';
    const svg = horizontalBars(
      [
        { label: long, value: 10, valueText: '10', tooltip: long },
        { label: 'B', value: 5, valueText: '5', tooltip: 'B' },
      ],
      text,
    );
    const widths = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.abs(widths[0] - widths[1] * 2)).toBeLessThanOrEqual(1);
    expect(svg).toContain('>A store with a very long…<');
    expect(svg).toContain(`data-label="${long}"`);
  });
  it('thins the x labels so they do not overlap', () => {
    const labels = Array.from({ length: 31 }, (_, i) => String(i + 1));
    const svg = groupedColumns(
      { labels, longLabels: labels, series: [{ name: 'M', color: '#000', values: labels.map(() => 1) }], format: String },
      text,
    );
    const shown = [...svg.matchAll(/<text class="tick" x="[\d.]+" y="\d+" text-anchor="middle"[^>]*>(\d+)</g)].map((m) => m[1]);
    expect(shown.length).toBeLessThan(31);
    expect(shown[0]).toBe('1');
  });
});
