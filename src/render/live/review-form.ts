import type { GapTrail } from '../../audit/trail.js';
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
  state?: { status: string; comment: string; by?: string };
  statuses: readonly string[];
  csrf: string;
  /** The page to come back to once saved. */
  back: string;
}

export function reviewForm(model: ReviewFormModel, _f: Formats, L: LiveLabels): string {
  const R = L.review;
  const { gap, state } = model;
  const name = (status: string) => R.statuses[status] ?? status;
  const badge = state
    ? `<span class="badge ${esc(state.status)}" data-status="${esc(state.status)}">${esc(name(state.status))}</span>` +
      (state.comment ? ` <span class="sub review-comment">${esc(state.comment)}</span>` : '') +
      (state.by ? ` <span class="sub">· ${esc(state.by)}</span>` : '')
    : `<span class="badge" data-status="">${esc(R.none)}</span>`;
  const id = `review-${esc(gap.doc_type)}-${esc(gap.series)}-${gap.from}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const hidden = (field: string, value: string | number) => `<input type="hidden" name="${field}" value="${esc(value)}">`;
  const options = model.statuses
    .map((s) => `<option value="${esc(s)}"${s === (state?.status ?? '') ? ' selected' : ''}>${esc(name(s))}</option>`)
    .join('');
  return (
    `<div class="review-state">${badge}</div>` +
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
    `<label><span class="visually-hidden">${esc(R.by)}</span><input name="by" placeholder="${esc(R.by)}" value="${esc(state?.by ?? '')}" maxlength="100" size="8"></label>` +
    `<button type="submit">${esc(R.save)}</button></form>`
  );
}
