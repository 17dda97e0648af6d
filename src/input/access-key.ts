import { dayOf, type Day } from './dates.js';

/** The fields of a 49-digit SRI access key ("clave de acceso"), DOMAIN.md. */
export interface AccessKey {
  date: Day;
  docType: string;
  ruc: string;
  environment: string;
  establishment: string;
  emissionPoint: string;
  sequential: number;
  numericCode: string;
  emissionType: string;
}

/** Modulo-11 check digit of the first 48 digits: weights 2..7 from the right, cycling. */
export function accessKeyCheckDigit(first48: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = first48.length - 1; i >= 0; i--) {
    sum += (first48.charCodeAt(i) - 48) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const digit = 11 - (sum % 11);
  return digit === 11 ? 0 : digit === 10 ? 1 : digit;
}

export type AccessKeyParse = { ok: true; key: AccessKey } | { ok: false; reason: string };

export function parseAccessKey(text: string): AccessKeyParse {
  const key = text.trim();
  if (!/^\d{49}$/.test(key)) return { ok: false, reason: `malformed access key '${key}' (49 digits expected)` };
  const check = accessKeyCheckDigit(key.slice(0, 48));
  if (check !== key.charCodeAt(48) - 48) {
    return { ok: false, reason: `access key '${key}' fails its check digit (expected ${check})` };
  }
  const date = dayOf(+key.slice(4, 8), +key.slice(2, 4), +key.slice(0, 2));
  if (date === undefined) return { ok: false, reason: `access key '${key}' has an impossible date` };
  const sequential = +key.slice(30, 39);
  if (sequential < 1) return { ok: false, reason: `access key '${key}' has sequential 0` };
  return {
    ok: true,
    key: {
      date,
      docType: key.slice(8, 10),
      ruc: key.slice(10, 23),
      environment: key.slice(23, 24),
      establishment: key.slice(24, 27),
      emissionPoint: key.slice(27, 30),
      sequential,
      numericCode: key.slice(39, 47),
      emissionType: key.slice(47, 48),
    },
  };
}

/** Builds a valid key from its parts (tests and the benchmark generator use it). */
export function buildAccessKey(parts: {
  date: Day;
  docType: string;
  ruc: string;
  environment?: string;
  establishment: string;
  emissionPoint: string;
  sequential: number;
  numericCode?: string;
  emissionType?: string;
}): string {
  const y = Math.floor(parts.date / 10000);
  const m = Math.floor(parts.date / 100) % 100;
  const d = parts.date % 100;
  const first48 =
    String(d).padStart(2, '0') +
    String(m).padStart(2, '0') +
    String(y) +
    parts.docType +
    parts.ruc +
    (parts.environment ?? '2') +
    parts.establishment +
    parts.emissionPoint +
    String(parts.sequential).padStart(9, '0') +
    (parts.numericCode ?? '12345678') +
    (parts.emissionType ?? '1');
  return first48 + accessKeyCheckDigit(first48);
}
