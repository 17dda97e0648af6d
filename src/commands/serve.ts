import { Option } from 'commander';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { LANGS, langFromEnv, type Lang } from '../render/i18n.js';
import { chooseToken } from '../serve/security.js';
import { InputError, UsageError } from '../errors.js';
import { dbOption, type DbOptions } from './options.js';
import { say, type Io } from './context.js';

export const description = 'the live dashboard: period overview, store pages and the JSON API in a browser, over the database as it is now';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new UsageError(`--port '${value}': expected a port number, 0 to 65535`);
  return parsed;
}

export const options = () => [
  dbOption(),
  new Option('--host <address>', 'address to listen on; any but loopback requires a token').default('127.0.0.1'),
  new Option('--port <n>', 'port to listen on (0: any free port)').argParser(port).default(8080),
  new Option('--allow-review', 'let the store pages save reviews of gaps (as `review set` does)'),
  new Option('--token <secret>', 'access token asked of every request (default: $SMO_GAPS_TOKEN; one is made up on a non-loopback host)'),
  new Option('--public-url <url>', 'the address browsers use, behind a reverse proxy (e.g. https://audit.example.com/)'),
  new Option('--lang <lang>', 'language of the pages (default: from $LANG, else en)').choices([...LANGS]),
];

export interface ServeFlags extends DbOptions {
  host: string;
  port: number;
  allowReview?: boolean;
  token?: string;
  publicUrl?: string;
  lang?: Lang;
}

function publicUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  throw new UsageError(`--public-url '${value}': expected an http:// or https:// address`);
}

/** Serves until SIGINT or SIGTERM, then stops taking requests, finishes those under way, and returns. */
export async function run(flags: ServeFlags, io: Io): Promise<void> {
  const dbPath = defaultDbPath(flags.db);
  if (!existsSync(dbPath))
    throw new InputError(`${dbPath}: no such database (load exports into it first: smo-gaps ingest --db ${dbPath} FILE...)`);
  const publicUrl = publicUrlOf(flags.publicUrl);
  const { token, generated } = chooseToken(flags.token, io.env, flags.host);
  // Brings an older database's schema up to date once; every request then reads on a read-only connection.
  openDatabase(dbPath).close();

  // Loaded here, not at start-up: the other commands never pay for the web framework.
  const [{ serve }, { createApp }] = await Promise.all([import('@hono/node-server'), import('../serve/app.js')]);
  const { app, close } = createApp({
    dbPath,
    allowReview: flags.allowReview === true,
    token,
    publicUrl,
    lang: flags.lang ?? langFromEnv(io.env),
    env: io.env,
    log: (line) => say(io, line),
  });
  const server = serve({ fetch: app.fetch, hostname: flags.host, port: flags.port });
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  } catch (error) {
    close();
    const e = error as NodeJS.ErrnoException;
    throw new InputError(
      `cannot listen on ${flags.host}:${flags.port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : (e.code ?? e.message)}`,
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  const lines = [
    `smo-gaps: serving ${dbPath} on ${url}${flags.allowReview ? ' (reviews allowed)' : ''}${publicUrl ? `, public address ${publicUrl}` : ''}; Ctrl-C stops`,
  ];
  if (generated)
    lines.push(
      `smo-gaps: access token (shown once; set SMO_GAPS_TOKEN to choose it): ${token}`,
      `smo-gaps: open ${publicUrl ?? url}?token=${token}`,
    );
  // One write, so a reader of the first line has the token lines too.
  say(io, lines.join('\n'));

  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => resolve(name));
  });
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
  close();
  say(io, `smo-gaps: stopped (${signal})`);
}
