import { Option } from 'commander';
import { basename } from 'node:path';
import { openDatabase, defaultDbPath } from '../store/db.js';
import { dashboardModel } from '../render/dashboard.js';
import { renderHtml } from '../render/html.js';
import { LANGS, langFromEnv, type Lang } from '../render/i18n.js';
import { writeOutput } from '../render/output.js';
import {
  dbOption,
  resolvePeriod,
  outputOption,
  periodOptions,
  storeFilterOption,
  topOption,
  maxListOption,
  jumpOption,
  type DbOptions,
  type PeriodFlags,
} from './options.js';
import type { Io } from './context.js';

export const description = "the period's audit as one self-contained HTML page with charts, for auditors (default: yesterday)";

export const options = () => [
  dbOption(),
  ...periodOptions(),
  storeFilterOption(),
  topOption('how many stores the bar chart ranks'),
  new Option('--lang <lang>', 'language of the labels, numbers and dates (default: from $LANG, else en)').choices([...LANGS]),
  maxListOption("in the page's CSV, a gap larger than this is one range row (as in export)"),
  jumpOption(),
  outputOption(),
];

export interface HtmlFlags extends DbOptions, PeriodFlags {
  store?: string;
  top: number;
  lang?: Lang;
  maxList: number;
  jump: number;
  output?: string;
}

export async function run(flags: HtmlFlags, io: Io): Promise<void> {
  const period = resolvePeriod(flags, io.env);
  const lang = flags.lang ?? langFromEnv(io.env);
  const dbPath = defaultDbPath(flags.db);
  const db = openDatabase(dbPath);
  let html: string;
  try {
    const model = dashboardModel(db, period, {
      store: flags.store,
      top: flags.top,
      maxList: flags.maxList,
      jump: flags.jump,
      source: basename(dbPath),
    });
    html = renderHtml(model, lang);
  } finally {
    db.close();
  }
  await writeOutput(flags.output, html, io.stdout);
}
