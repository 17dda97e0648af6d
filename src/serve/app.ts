import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SmoError, userMessage } from '../errors.js';
import { formatsFor, LANGS, type Lang } from '../render/i18n.js';
import { errorPage } from '../render/live/layout.js';
import { liveLabels } from '../render/live/labels.js';
import { LIVE_SCRIPT, LIVE_STYLE } from '../render/live/assets.js';
import { Reader } from './reader.js';
import { apiRoutes } from './api.js';
import { pageRoutes } from './pages.js';
import { reviewRoutes } from './review.js';
import type { Features } from './features.js';
import { features } from './wired.js';
import { hostAllowed, newSecret, originAllowed, sameSecret, SECURITY_HEADERS, TOKEN_COOKIE, tokenOf } from './security.js';

/**
 * `smo-gaps serve` as a hono application: the pages, the JSON API and the review forms, behind
 * the checks of SPEC §11. Built without a socket, so tests drive it with `app.request()`; the
 * command wraps it in @hono/node-server.
 */
export interface AppOptions {
  dbPath: string;
  /** Review forms on the store pages, and the POST that saves them. */
  allowReview: boolean;
  /** Asked of every request when set (always set on a non-loopback host). */
  token?: string;
  /** The address the browser uses, when a reverse proxy stands in front (its origin is a valid Origin, its host a valid Host). */
  publicUrl?: string;
  lang: Lang;
  env: NodeJS.ProcessEnv;
  /** One line per request (method, path, status, ms). */
  log: (line: string) => void;
  /** Replaces the features this build has (tests). */
  features?: Partial<Features>;
}

export interface AppContext {
  options: AppOptions;
  reader: Reader;
  features: Features;
  /** The secret the review forms carry (per server process). */
  csrf: string;
}

export interface LiveApp {
  app: Hono;
  csrf: string;
  close(): void;
}

export type Status = 400 | 401 | 403 | 404 | 500 | 503;

export function createApp(options: AppOptions): LiveApp {
  const ctx: AppContext = {
    options,
    reader: new Reader(options.dbPath),
    features: { ...features, ...options.features },
    csrf: newSecret(),
  };
  const publicUrl = options.publicUrl === undefined ? undefined : new URL(options.publicUrl);
  const app = new Hono();

  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    options.log(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - start)}ms`);
  });

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.use('*', async (c, next) => {
    const host = new URL(c.req.url).host;
    if (options.token === undefined) {
      // No token: only this machine can connect, but a page elsewhere could reach us through a
      // DNS name rebound to 127.0.0.1; it would send its own name as the Host.
      if (!hostAllowed(host, publicUrl?.host))
        return fail(c, ctx, 403, `this server answers to its loopback address only, not to the host '${host}'`);
      return next();
    }
    const url = new URL(c.req.url);
    const fromQuery = url.searchParams.get('token') ?? undefined;
    const given = tokenOf({ authorization: c.req.header('authorization'), cookie: getCookie(c, TOKEN_COOKIE), query: fromQuery });
    if (given === undefined) return fail(c, ctx, 401, 'this server needs its access token');
    if (!sameSecret(given, options.token)) return fail(c, ctx, 403, 'wrong access token');
    if (fromQuery !== undefined && c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      // A first visit with ?token=: keep it in a cookie and take it out of the address bar.
      setCookie(c, TOKEN_COOKIE, options.token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: publicUrl?.protocol === 'https:',
      });
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    return next();
  });

  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (c.req.method !== 'POST') return fail(c, ctx, 404, `${c.req.method} is not served here`);
    const host = new URL(c.req.url).host;
    if (!originAllowed(c.req.header('origin'), host, publicUrl?.origin)) {
      return fail(c, ctx, 403, 'the form does not come from this server (Origin missing or foreign)');
    }
    const type = c.req.header('content-type') ?? '';
    const body = /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type) ? await c.req.parseBody() : {};
    const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
    if (!sameSecret(csrf, ctx.csrf)) return fail(c, ctx, 403, 'the form has no valid CSRF token: reload the page and submit it again');
    return next();
  });

  app.get('/assets/style.css', (c) =>
    c.body(LIVE_STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=300' }),
  );
  app.get('/assets/app.js', (c) =>
    c.body(LIVE_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'max-age=300' }),
  );

  apiRoutes(app, ctx);
  pageRoutes(app, ctx);
  reviewRoutes(app, ctx);

  app.notFound((c) => fail(c, ctx, 404, `nothing is served at ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof SmoError) return fail(c, ctx, 400, userMessage(error));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'SQLITE_BUSY')
      return fail(c, ctx, 503, 'the database is busy: another smo-gaps run is writing to it; try again when it has finished');
    options.log(`smo-gaps: unexpected error on ${c.req.method} ${c.req.path}: ${error.message}`);
    return fail(c, ctx, 500, `unexpected error: ${error.message}`);
  });

  return { app, csrf: ctx.csrf, close: () => ctx.reader.close() };
}

/** The page's language: ?lang=, else the server's. */
export function langOf(c: Context, ctx: AppContext): Lang {
  const asked = c.req.query('lang');
  return (LANGS as readonly string[]).includes(asked ?? '') ? (asked as Lang) : ctx.options.lang;
}

/** An error as the route's kind of answer: JSON for the API ({"error": message}), a page otherwise. */
export function fail(c: Context, ctx: AppContext, status: Status, message: string): Response {
  if (c.req.path.startsWith('/api/')) return c.json({ error: message }, status);
  const lang = langOf(c, ctx);
  return c.html(errorPage(formatsFor(lang), liveLabels(lang), status, message, ctx.features.findings !== undefined), status);
}
