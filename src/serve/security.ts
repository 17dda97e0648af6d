import { randomBytes, timingSafeEqual } from 'node:crypto';
import { UsageError } from '../errors.js';

/**
 * The server's defences (SPEC §11), as small pure functions the app's middleware calls:
 * who may read (the token), where a form may come from (CSRF token and Origin), and which
 * Host a loopback server answers (so a DNS-rebound page cannot read it).
 */

/** Addresses only this machine can reach. '0.0.0.0' and '::' listen everywhere, so they are not. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export const MIN_TOKEN_LENGTH = 16;

export interface TokenChoice {
  /** Undefined: no token asked for (a loopback host and none given). */
  token?: string;
  /** Made here because a non-loopback host needs one and none was given: print it once. */
  generated: boolean;
}

/** --token, else $SMO_GAPS_TOKEN, else one made up when the host is not loopback. */
export function chooseToken(flag: string | undefined, env: NodeJS.ProcessEnv, host: string): TokenChoice {
  const given = flag ?? (env.SMO_GAPS_TOKEN || undefined);
  if (given !== undefined) {
    const source = flag !== undefined ? '--token' : 'SMO_GAPS_TOKEN';
    if (given.length < MIN_TOKEN_LENGTH || /[\s;,]/.test(given)) {
      throw new UsageError(`${source}: the token must be at least ${MIN_TOKEN_LENGTH} characters, without spaces, ',' or ';'`);
    }
    return { token: given, generated: false };
  }
  if (isLoopback(host)) return { generated: false };
  return { token: newSecret(), generated: true };
}

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares secrets in constant time (for equal lengths; the length itself is not secret). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: an Authorization bearer, the cookie a first visit set, or ?token=. */
export function tokenOf(request: { authorization?: string; cookie?: string; query?: string }): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? '');
  return bearer?.[1] ?? request.cookie ?? request.query;
}

export const TOKEN_COOKIE = 'smo_gaps_token';

/** Host names a loopback server without a token answers to: its own names, and the public URL's host. */
export function hostAllowed(hostHeader: string, publicHost: string | undefined): boolean {
  const host = hostHeader.toLowerCase();
  if (publicHost !== undefined && host === publicHost.toLowerCase()) return true;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return isLoopback(name);
}

/**
 * A POST's Origin must be this server as the browser reached it: the request's own Host, or
 * the public URL when it runs behind a reverse proxy. No Origin: refused (browsers send it on
 * every form POST; a request without it did not come from our page).
 */
export function originAllowed(origin: string | undefined, hostHeader: string, publicOrigin: string | undefined): boolean {
  if (origin === undefined || origin === 'null') return false;
  if (publicOrigin !== undefined && origin === publicOrigin) return true;
  try {
    return new URL(origin).host.toLowerCase() === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The pages' Content-Security-Policy: this server's own style sheet and script, images only
 * as data: URLs, forms only back to this server, no frames, nothing from anywhere else.
 */
export const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer, Chromium sends 'Origin: null' on a form's POST.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
