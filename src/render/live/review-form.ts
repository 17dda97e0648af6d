import type { GapTrail } from './store-page.js';
import type { Formats } from '../i18n.js';
import { esc } from '../svg.js';
import type { LiveLabels } from './labels.js';

/**
 * A gap's review on its store page: the status it has now, and a small form that sets it for
 * the gap's numbers (POST /review, with the CSRF token the server checks).
 */
export interface ReviewFormModel {
  store: string;
  gap: Pick<GapTrail, 'doc_type' | 'series' | 'from' | 'to'>;
  /** The gap's numbers in runs that share a review ('' status: not reviewed). */
  parts: readonly { from: number; to: number; status: string; comment: string }[];
  statuses: readonly string[];
  csrf: string;
  /** The page to come back to once saved. */
  back: string;
}

export function reviewForm(model: ReviewFormModel, _f: Formats, L: LiveLabels): string {
  const R = L.review;
  const { gap, parts } = model;
  const name = (status: string) => R.statuses[status] ?? status;
  const whole = parts.length === 1 ? parts[0] : undefined;
  const badge = (p: ReviewFormModel['parts'][number]) =>
    (p.status
      ? `<span class="badge ${esc(p.status)}" data-status="${esc(p.status)}">${esc(name(p.status))}</span>`
      : `<span class="badge" data-status="">${esc(R.none)}</span>`) +
    (whole ? '' : ` <span class="sub">${p.from === p.to ? p.from : `${p.from}–${p.to}`}</span>`) +
    (p.comment ? ` <span class="sub review-comment">${esc(p.comment)}</span>` : '');
  const state = whole?.status ? whole : undefined;
  const current = `<div class="review-state">${(parts.length ? parts : [{ from: gap.from, to: gap.to, status: '', comment: '' }]).map(badge).join('<br>')}</div>`;
  const id = `review-${esc(gap.doc_type)}-${esc(gap.series)}-${gap.from}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const hidden = (field: string, value: string | number) => `<input type="hidden" name="${field}" value="${esc(value)}">`;
  const options = model.statuses
    .map((s) => `<option value="${esc(s)}"${s === (state?.status ?? '') ? ' selected' : ''}>${esc(name(s))}</option>`)
    .join('');
  return (
    current +
    `<form method="post" action="/review" class="review-form" id="${id}">` +
    hidden('csrf', model.csrf) +
    hidden('store', model.store) +
    hidden('doc_type', gap.doc_type) +
    hidden('series', gap.series) +
    hidden('from', gap.from) +
    hidden('to', gap.to) +
    hidden('back', model.back) +
    `<label><span class="visually-hidden">${esc(R.status)}</span><select name="status">${options}</select></label>` +
    `<label><span class="visually-hidden">${esc(R.comment)}</span><input name="comment" placeholder="${esc(R.comment)}" value="${esc(state?.comment ?? '')}" maxlength="500"></label>` +
    `<label><span class="visually-hidden">${esc(R.by)}</span><input name="by" placeholder="${esc(R.by)}" maxlength="100" size="8"></label>` +
    `<button type="submit">${esc(R.save)}</button></form>`
  );
}
