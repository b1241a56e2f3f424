// The `tributary` command line as a function of its arguments, so tests drive it without a
// process: parses the arguments and dispatches to the command modules.

import { parseArgs } from 'node:util';
import { version } from '@tributary/engine';
import { describeError, EXIT_OK, EXIT_USAGE, processIo, type CommandIo } from './command-io.js';
import { fmtCommand } from './fmt-command.js';
import { validateCommand } from './validate-command.js';

/** Text printed by `tributary --help` and after a usage error. */
export const usage = `tributary ${version} — compile, check and format SiddhiQL apps

usage:
  tributary validate <file.siddhi…>            report errors and warnings; exit 1 on errors
  tributary fmt [--check|--write] <file…>      print the canonical text of each app
      --check   exit 1 when a file is not in canonical form
      --write   rewrite files in canonical form
  tributary --help | -h                        this text
  tributary --version | -v                     the version

Colours are used when stdout is a terminal (NO_COLOR turns them off, FORCE_COLOR on).`;

/**
 * Runs the command line `argv` (without `node` and the script); returns the exit code.
 * @example
 * process.exitCode = runCli(process.argv.slice(2));
 */
export function runCli(argv: readonly string[], io: CommandIo = processIo()): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        check: { type: 'boolean', default: false },
        write: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.err(`tributary: ${describeError(error)}\n\n${usage}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...files] = positionals;
  if (values.help) {
    io.out(usage);
    return EXIT_OK;
  }
  if (values.version) {
    io.out(`tributary ${version}`);
    return EXIT_OK;
  }
  if (command !== 'fmt' && (values.check || values.write)) {
    io.err('tributary: --check and --write belong to `tributary fmt`');
    return EXIT_USAGE;
  }
  switch (command) {
    case 'validate':
      return validateCommand(files, io);
    case 'fmt':
      if (values.check && values.write) {
        io.err('tributary fmt: use either --check or --write, not both');
        return EXIT_USAGE;
      }
      return fmtCommand(files, values.check ? 'check' : values.write ? 'write' : 'print', io);
    case undefined:
      io.out(usage);
      return EXIT_OK;
    default:
      io.err(`tributary: unknown command '${command}'\n\n${usage}`);
      return EXIT_USAGE;
  }
}
