import { Argument, Command, CommanderError, type Option } from 'commander';
import * as ingest from './commands/ingest.js';
import * as report from './commands/report.js';
import * as summary from './commands/summary.js';
import * as exportCommand from './commands/export.js';
import * as runCommand from './commands/run.js';
import * as status from './commands/status.js';
import * as verify from './commands/verify.js';
import * as html from './commands/html.js';
import * as serveCommand from './commands/serve.js';
import * as money from './commands/money.js';
import * as leases from './commands/leases.js';
import * as sales from './commands/sales.js';
import * as findings from './commands/findings.js';
import * as review from './commands/review.js';
import * as snapshots from './commands/snapshots.js';
import * as evidence from './commands/evidence.js';
import type { Io } from './commands/context.js';
import { EXPORT_COLUMNS } from './audit/missing.js';
import { makeStyle, isInteractive } from './render/style.js';
import { SmoError, userMessage } from './errors.js';
import { escapeControls } from './escape.js';
import { VERSION } from './version.js';

/**
 * The command line: options → command functions. The only place that reads process.argv,
 * sets the exit code, and decides what reaches standard output and standard error.
 */

const EXIT_CODES = `
Exit codes:
  0  success
  1  a check failed (--fail-on-gaps found missing numbers, --fail-on-findings found findings, verify found a difference, --fail-on-late)
  2  bad usage or unusable input (unknown option, unreadable file, --strict rejection, no store)
  3  unexpected error (run again with --debug for details)`;

const ATTRIBUTION = `
A missing number belongs to the issue date of the next present invoice of its series
(the invoice that revealed it); a period lists the gaps whose next invoice falls inside it.`;

interface Command_ {
  description: string;
  options: () => Option[];
}

function addOptions(command: Command, spec: Command_): Command {
  for (const option of spec.options()) command.addOption(option);
  return command;
}

/**
 * The commands, in the order of the help, each adding itself to the program: a run builds only
 * the command it names (the whole program took about 1 ms of every run: docs/benchmarks.md).
 */
const COMMANDS: Record<string, (program: Command, io: Io) => void> = {
  ingest: (program, io) => {
    addOptions(
      program.command('ingest').argument('<files...>', 'export files; - reads standard input').description(ingest.description),
      ingest,
    ).action((files: string[], flags: ingest.IngestFlags) => ingest.run(files, flags, io));
  },
  report: (program, io) => {
    addOptions(program.command('report').description(report.description), report)
      .addHelpText('after', ATTRIBUTION)
      .action((flags: report.ReportFlags) => report.run(flags, io));
  },
  summary: (program, io) => {
    addOptions(program.command('summary').description(summary.description), summary).action((flags: summary.SummaryFlags) =>
      summary.run(flags, io),
    );
  },
  export: (program, io) => {
    addOptions(program.command('export').description(exportCommand.description), exportCommand)
      .addHelpText('after', `\nColumns: ${EXPORT_COLUMNS.join(',')}${ATTRIBUTION}`)
      .action((flags: exportCommand.ExportFlags) => exportCommand.run(flags, io));
  },
  run: (program, io) => {
    addOptions(
      program
        .command('run')
        .addArgument(new Argument('<schedule>', 'daily: yesterday; monthly: last month').choices(['daily', 'monthly']))
        .description(runCommand.description),
      runCommand,
    ).action((schedule: runCommand.Schedule, flags: runCommand.RunFlags) => runCommand.run(schedule, flags, io));
  },
  status: (program, io) => {
    addOptions(program.command('status').description(status.description), status).action((flags: status.StatusFlags) =>
      status.run(flags, io),
    );
  },
  verify: (program, io) => {
    addOptions(
      program.command('verify').argument('<files...>', 'export files (fixtures); - reads standard input').description(verify.description),
      verify,
    ).action((files: string[], flags: verify.VerifyFlags) => verify.run(files, flags, io));
  },
  findings: (program, io) => {
    addOptions(program.command('findings').description(findings.description), findings).action((flags: findings.FindingsFlags) =>
      findings.run(flags, io),
    );
  },
  html: (program, io) => {
    addOptions(program.command('html').description(html.description), html)
      .addHelpText('after', ATTRIBUTION)
      .action((flags: html.HtmlFlags) => html.run(flags, io));
  },
  serve: (program, io) => {
    addOptions(program.command('serve').description(serveCommand.description), serveCommand).action((flags: serveCommand.ServeFlags) =>
      serveCommand.run(flags, io),
    );
  },
  money: (program, io) => {
    addOptions(program.command('money').description(money.description), money)
      .addHelpText('after', ATTRIBUTION)
      .action((flags: money.MoneyFlags) => money.run(flags, io));
  },
  leases: (program, io) => {
    const leasesCommand = addOptions(program.command('leases').description(leases.description), leases).action(
      (flags: leases.LeasesFlags) => leases.run(flags, io),
    );
    addOptions(leasesCommand.command('import').argument('<file>', 'lease register CSV').description(leases.importDescription), {
      options: leases.importOptions,
      description: '',
    }).action((file: string, flags: leases.LeasesImportFlags, command: Command) =>
      // `leases` takes --db too: after the file, commander gives it to the parent.
      leases.runImport(file, { ...command.parent?.opts(), ...flags }, io),
    );
  },
  sales: (program, io) => {
    const salesCommand = addOptions(program.command('sales').description(sales.description), sales).action((flags: sales.SalesFlags) =>
      sales.run(flags, io),
    );
    addOptions(salesCommand.command('import').argument('<file>', 'declared sales CSV').description(sales.importDescription), {
      options: sales.importOptions,
      description: '',
    }).action((file: string, flags: sales.SalesImportFlags, command: Command) =>
      sales.runImport(file, { ...command.parent?.opts(), ...flags }, io),
    );
  },
  review: (program, io) => {
    const reviewCommand = program.command('review').description(review.description);
    addOptions(reviewCommand.command('set').description(review.setDescription), {
      description: review.setDescription,
      options: review.setOptions,
    }).action((flags: review.SetFlags) => review.runSet(flags, io));
    addOptions(
      reviewCommand
        .command('import')
        .argument('<file>', 'an export CSV with review_status and review_comment filled')
        .description(review.importDescription),
      { description: review.importDescription, options: review.importOptions },
    ).action((file: string, flags: review.ImportFlags) => review.runImport(file, flags, io));
    addOptions(reviewCommand.command('log').description(review.logDescription), {
      description: review.logDescription,
      options: review.logOptions,
    }).action((flags: review.LogFlags) => review.runLog(flags, io));
  },
  snapshots: (program, io) => {
    // A parent's own options would take `snapshots diff 1 --format json` from diff: the bare
    // commands (`snapshots`, `evidence --month M`) are default subcommands instead.
    const snapshotsCommand = program.command('snapshots').description(snapshots.description);
    addOptions(snapshotsCommand.command('list', { isDefault: true }).description('(the default) list the saved reports'), snapshots).action(
      (flags: snapshots.ListFlags) => snapshots.runList(flags, io),
    );
    addOptions(
      snapshotsCommand
        .command('show')
        .argument('<id>', 'a saved report (smo-gaps snapshots lists them)')
        .description(snapshots.showDescription),
      { description: snapshots.showDescription, options: snapshots.showOptions },
    ).action((id: string, flags: snapshots.ShowFlags) => snapshots.runShow(id, flags, io));
    addOptions(snapshotsCommand.command('diff').argument('<id>', 'a saved report').description(snapshots.diffDescription), {
      description: snapshots.diffDescription,
      options: snapshots.diffOptions,
    }).action((id: string, flags: snapshots.DiffFlags) => snapshots.runDiff(id, flags, io));
  },
  evidence: (program, io) => {
    const evidenceCommand = program.command('evidence').description(evidence.description);
    addOptions(evidenceCommand.command('write', { isDefault: true }).description(`(the default) ${evidence.description}`), evidence).action(
      (flags: evidence.EvidenceFlags) => evidence.run(flags, io),
    );
    evidenceCommand
      .command('verify')
      .argument('<dir>', 'an evidence pack')
      .description(evidence.verifyDescription)
      .action((dir: string) => evidence.runVerify(dir, io));
  },
};

/**
 * The program; with `only`, a top-level command's name, just that command (its help and errors
 * are the same: nothing of one command depends on another).
 */
export function buildProgram(io: Io, onDebug: () => void, only?: string): Command {
  const program = new Command('smo-gaps')
    .description(
      'Find missing invoice numbers per store and series, keep them current as late exports arrive, and report by day and month.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `${ATTRIBUTION}${EXIT_CODES}`)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .hook('preAction', (command) => {
      if (command.opts().debug) onDebug();
    });

  for (const [name, add] of Object.entries(COMMANDS)) if (only === undefined || only === name) add(program, io);

  // Subcommands inherit the configuration that matters for errors and output.
  const configure = (command: Command) => {
    command.exitOverride().showHelpAfterError('(run with --help for usage)').configureOutput(program.configureOutput());
    for (const sub of command.commands) configure(sub);
  };
  for (const command of program.commands) configure(command);
  return program;
}

/** Runs the program; sets process.exitCode instead of exiting, so piped output is flushed. */
export async function main(argv: string[]): Promise<void> {
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    style: makeStyle(process.stdout),
    interactiveErr: isInteractive(process.stderr),
    argv: argv.slice(2),
  };
  let debug = argv.includes('--debug');
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // A reader that went away (| head) is not an error of ours.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const program = buildProgram(io, () => (debug = true), commandNamed(argv[2]));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error, io, debug);
  }
}

/** The top-level command a command line names first, if it names one (not `help`, an option or a typo). */
function commandNamed(word: string | undefined): string | undefined {
  return word !== undefined && Object.hasOwn(COMMANDS, word) ? word : undefined;
}

function exitCodeFor(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed its message already; help and version are successes, but help
    // shown because no command was given ('commander.help' with exit code 1) is bad usage.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof SmoError) {
    io.stderr.write(`smo-gaps: ${escapeControls(userMessage(error), '\n')}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const e = error as NodeJS.ErrnoException & { code?: string };
  if (e?.code === 'SQLITE_BUSY') {
    io.stderr.write('smo-gaps: the database is busy: another smo-gaps run is writing to it; try again when it has finished\n');
    return 2;
  }
  if (e?.code === 'SQLITE_FULL' || e?.code === 'ENOSPC') {
    io.stderr.write(`smo-gaps: the disk is full: ${e.message}\n`);
    return 2;
  }
  io.stderr.write(
    `smo-gaps: unexpected error: ${escapeControls(e?.message ?? String(error))}${debug ? '' : ' (run again with --debug for details)'}\n`,
  );
  if (debug && e?.stack) io.stderr.write(`${e.stack}\n`);
  return 3;
}
