/** Commission rates as lease registers write them, kept exact (no float). */

/** A rate as an exact decimal fraction: `numerator / 10^scale` (8% → 8 / 10^2). */
export interface Rate {
  numerator: bigint;
  scale: number;
}

/** A rate's text as leases write it: `8%`, `0.08`, `8` (a bare number above 1 means percent). */
export function parseRate(text: string): Rate | undefined {
  const t = text.trim().replace(/\s+/g, '').replace(',', '.');
  const percent = t.endsWith('%');
  const body = percent ? t.slice(0, -1) : t;
  const m = /^(\d*)(?:\.(\d*))?$/.exec(body);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  const fraction = m[2] ?? '';
  let numerator = BigInt(`${m[1] || '0'}${fraction}`);
  let scale = fraction.length;
  const overOne = numerator > 10n ** BigInt(scale);
  if (percent || overOne) scale += 2;
  // Normalise (0.0800 → 0.08) so equal rates print alike.
  while (scale > 0 && numerator % 10n === 0n) {
    numerator /= 10n;
    scale--;
  }
  return { numerator, scale };
}

/** The rate as an exact decimal text ("0.08"), as the database keeps it. */
export function rateText(rate: Rate): string {
  const digits = rate.numerator.toString().padStart(rate.scale + 1, '0');
  if (rate.scale === 0) return digits;
  return `${digits.slice(0, -rate.scale)}.${digits.slice(-rate.scale)}`;
}
