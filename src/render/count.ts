/**
 * A count as the text report writes it: 12,345. Intl (toLocaleString) would do the same, but
 * its first call loads ICU's number data, 17 ms of a 0.45 s daily run (measured): the report
 * of a cron run only ever needs integer grouping. Anything else still goes to Intl.
 */
export function count(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value));
  let text = digits.slice(0, digits.length % 3 || 3);
  for (let i = text.length; i < digits.length; i += 3) text += `,${digits.slice(i, i + 3)}`;
  return value < 0 ? `-${text}` : text;
}

/** Money as it prints: two decimals, thousands grouped ("12,345.60"); a dash for none. */
export function moneyText(value: number | null): string {
  if (value === null) return '—';
  const [whole, cents] = Math.abs(value).toFixed(2).split('.');
  return `${value < 0 ? '-' : ''}${count(Number(whole))}.${cents}`;
}
