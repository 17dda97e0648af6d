import { normalizeHeader } from './columns.js';

/**
 * Whether a status cell means void ("anulado"). A void invoice consumes its number:
 * it is present, never missing (DOMAIN.md); it is only counted apart.
 */
const VOID_WORDS = new Set([
  'anulado',
  'anulada',
  'anulados',
  'anuladas',
  'anul',
  'nulo',
  'nula',
  'void',
  'voided',
  'cancelled',
  'canceled',
  'cancelado',
  'cancelada',
  'annulled',
]);

export function isVoidStatus(text: string): boolean {
  if (text === '') return false; // most exports: no status column, or an empty cell
  return VOID_WORDS.has(normalizeHeader(text));
}
