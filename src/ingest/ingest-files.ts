import { stat } from 'node:fs/promises';
import type { DB } from '../store/db.js';
import { finishedRunWithSha } from '../store/runs.js';
import { sha256File } from '../input/sha256.js';
import { presetFor, type Presets } from '../input/presets.js';
import { loadFile, type LoadOptions, type LoadResult, type Reject } from './load-file.js';
import { SmoError, UsageError } from '../errors.js';

/**
 * The one ingest loop, for every command that loads exports (ingest, run, verify): each file
 * in its own transaction, a file that fails does not stop the others, and what happens to
 * each file is told to the caller through its events (the caller prints, logs or moves files).
 */

/** One file's result, with the presets that described it. */
export type IngestResult = LoadResult & { presets: string[] };

export interface IngestOptions {
  /** What the command line says of every file (its presets come under it), and how to load. */
  load: LoadOptions;
  /** Import presets per store or file-name pattern. */
  presets?: Presets;
  /** Hash each file first, and skip content that a finished run already loaded (an inbox). */
  skipKnown?: boolean;
}

export interface IngestEvents {
  /** A file is about to be read. */
  start?(file: string): void;
  progress?(file: string, progress: { bytesRead: number; size: number; rows: number }): void;
  reject?(reject: Reject): void;
  loaded?(result: IngestResult): void | Promise<void>;
  /** The file was not loaded; throwing here stops the loop (verify: one bad fixture is a broken check). */
  failed?(file: string, error: SmoError): void | Promise<void>;
  /** skipKnown: this content was loaded before, by the run given. */
  known?(file: string, sha256: string, run: { id: number; file: string }): void | Promise<void>;
  /** skipKnown: the file was taken away before it could be read. */
  gone?(file: string): void | Promise<void>;
  /** The file is done with, whatever happened to it. */
  end?(file: string): void;
}

export interface IngestOutcome {
  results: IngestResult[];
  failures: Array<{ file: string; error: SmoError }>;
}

/** Standard input can be read once: checked before anything is opened. */
export function checkStandardInputOnce(files: string[]): void {
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
}

/** The options for one file: its presets, then the command line over them. */
export function optionsForFile(file: string, cli: LoadOptions, presets: Presets | undefined): { options: LoadOptions; names: string[] } {
  const { options: preset, names } = presetFor(presets, file, cli.store);
  const options: LoadOptions = { ...preset };
  for (const [key, value] of Object.entries(cli)) if (value !== undefined) Object.assign(options, { [key]: value });
  if (preset.map && cli.map) options.map = { ...preset.map, ...cli.map };
  return { options, names };
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

export async function ingestFiles(db: DB, files: string[], options: IngestOptions, events: IngestEvents = {}): Promise<IngestOutcome> {
  const results: IngestResult[] = [];
  const failures: IngestOutcome['failures'] = [];
  const fail = async (file: string, error: unknown) => {
    if (!(error instanceof SmoError)) throw error;
    failures.push({ file, error });
    await events.failed?.(file, error);
  };
  for (const file of files) {
    if (options.skipKnown) {
      let sha256: string;
      try {
        sha256 = await sha256File(file);
      } catch (error) {
        // Taken away since the listing (by hand, or by a process that does not take the run lock).
        if (!(await exists(file))) await events.gone?.(file);
        else await fail(file, error);
        continue;
      }
      // Runs on one database are serialised by the run lock, so nothing can load this
      // content between this check and the load below.
      const known = finishedRunWithSha(db, sha256);
      if (known) {
        await events.known?.(file, sha256, known);
        continue;
      }
    }
    events.start?.(file);
    try {
      let result: IngestResult;
      try {
        const chosen = optionsForFile(file, options.load, options.presets);
        const loaded = await loadFile(db, file, {
          ...chosen.options,
          onReject: events.reject,
          onProgress: events.progress && ((p) => events.progress?.(file, p)),
        });
        result = { ...loaded, presets: chosen.names };
      } catch (error) {
        await fail(file, error);
        continue;
      }
      results.push(result);
      await events.loaded?.(result);
    } finally {
      events.end?.(file);
    }
  }
  return { results, failures };
}
