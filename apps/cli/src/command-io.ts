// What a command writes to and how: kept as a small interface so commands are testable
// without spawning processes.

export interface CommandIo {
  /** Normal output (formatted diagnostics, canonical text, `✓` lines). */
  readonly out: (text: string) => void;
  /** Problems with the invocation itself (unreadable files, usage errors). */
  readonly err: (text: string) => void;
  /** Whether to print ANSI colours. */
  readonly color: boolean;
}

/** The process's own streams; colour when stdout is a terminal, unless NO_COLOR is set. */
export function processIo(): CommandIo {
  const env = process.env;
  const color =
    env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
      ? true
      : env.NO_COLOR === undefined && process.stdout.isTTY;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color,
  };
}

/** Exit codes shared by the commands. */
export const EXIT_OK = 0;
/** The files have errors (or are not formatted, for `fmt --check`). */
export const EXIT_PROBLEMS = 1;
/** The command could not run: bad usage or unreadable files. */
export const EXIT_USAGE = 2;

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
