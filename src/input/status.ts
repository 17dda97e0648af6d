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

/** Status words of an invoice that stands (not void). Any other status is counted under a warning. */
const VALID_WORDS = new Set([
  'autorizado',
  'autorizada',
  'emitido',
  'emitida',
  'valido',
  'valida',
  'vigente',
  'activo',
  'activa',
  'aprobado',
  'aprobada',
  'pagado',
  'pagada',
  'registrado',
  'registrada',
  'procesado',
  'procesada',
  'enviado',
  'enviada',
  'recibido',
  'recibida',
  'normal',
  'ok',
  'valid',
  'active',
  'issued',
  'authorized',
  'authorised',
  'approved',
  'paid',
  'posted',
  'sent',
]);

/** Whether smo-gaps knows the status (empty, void or valid); an unknown one is taken as valid, and warned of. */
export function isKnownStatus(text: string): boolean {
  if (text.trim() === '') return true;
  const word = normalizeHeader(text);
  return VOID_WORDS.has(word) || VALID_WORDS.has(word);
}

export function isVoidStatus(text: string): boolean {
  if (text === '') return false; // most exports: no status column, or an empty cell
  return VOID_WORDS.has(normalizeHeader(text));
}
