// The engine's logging seam: hosts pass a `Logger`; the default writes to the console.
// Processing errors, `#log()` output and lifecycle notes all go through it.

/** Levels, lowest first (Siddhi's `#log` priorities in lower case; `OFF` logs nothing). */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Where the engine writes what it logs. `details` is the error or event concerned, if any.
 * @example
 * const logger: Logger = { log: (level, message) => { lines.push(`${level} ${message}`); } };
 */
export interface Logger {
  log(level: LogLevel, message: string, details?: unknown): void;
}

/** Writes to `console`, errors and warnings to stderr. */
export const consoleLogger: Logger = {
  log(level, message, details) {
    const line = `[${level.toUpperCase()}] ${message}`;
    const write =
      level === 'error' || level === 'fatal'
        ? console.error
        : level === 'warn'
          ? console.warn
          : level === 'info'
            ? console.info
            : console.debug;
    if (details === undefined) write(line);
    else write(line, details);
  },
};

/** Discards everything (tests that expect errors). */
export const silentLogger: Logger = {
  log() {
    // intentionally silent
  },
};
