// `tributary server` (and `npm start`): parses the options, starts the server and keeps it
// running until SIGINT or SIGTERM, then shuts down gracefully. `--hash-password` prints a
// hash for conf/tributary.yaml instead.

import { parseArgs } from 'node:util';
import type { CommandIo } from '@tributary/cli';
import { hashSecret } from './auth/secret-hash.js';
import { ConfigError } from './config/server-config.js';
import { startServer, type StartServerOptions, type TributaryServer } from './server.js';

/** `tributary server --help`. */
export const serverUsage = `usage: tributary server [options]

Starts the Tributary server: deploys conf/siddhi-files/*.siddhi (and follows changes), serves
the REST API, /metrics and /docs, and shuts down gracefully on Ctrl-C or SIGTERM (state is
persisted and restored at the next start).

options:
  --config <file>     configuration file (default conf/tributary.yaml; env TRIBUTARY_CONFIG)
  --home <dir>        folder relative paths are resolved against (default: the working folder)
  --port <n>          HTTP port (overrides server.port; 0 picks a free one)
  --host <address>    interface to listen on (overrides server.host)
  --hash-password     read a password or token on stdin and print the hash to put in
                      auth.users[].passwordHash or auth.tokens[].tokenHash, then exit
  -h, --help          this text

Every key can also be set with TRIBUTARY_<SECTION>_<KEY>, e.g. TRIBUTARY_SERVER_PORT=9191.`;

/** Exit codes: 0 after a clean shutdown, 1 when the server failed, 2 for bad usage or config. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Where the command waits for a shutdown signal (tests pass their own trigger). */
export interface ServerCommandHooks {
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  readonly stopSignal?: (server: TributaryServer) => Promise<void>;
  /** Told the started server (tests read its URL). */
  readonly onStarted?: (server: TributaryServer) => void;
  /** Reads the secret for `--hash-password`; default: stdin. */
  readonly readSecret?: () => Promise<string>;
  /** Start options besides the configuration (tests pass the built-in extensions). */
  readonly start?: Omit<StartServerOptions, 'config' | 'load'>;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Runs `tributary server` with `argv` (the arguments after `server`); resolves to the exit code
 * once the server has shut down.
 * @example
 * process.exitCode = await serverCommand(process.argv.slice(2), processIo());
 */
export async function serverCommand(
  argv: readonly string[],
  io: CommandIo,
  hooks: ServerCommandHooks = {},
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        home: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'hash-password': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.err(`tributary server: ${describeError(error)} [E_USAGE]\n\n${serverUsage}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.out(serverUsage);
    return EXIT_OK;
  }
  if (values['hash-password']) {
    const secret = await (hooks.readSecret ?? readStdin)();
    if (secret === '') {
      io.err(
        'tributary server: no password on stdin [E_USAGE]\n  hint: echo -n "s3cret" | tributary server --hash-password',
      );
      return EXIT_USAGE;
    }
    io.out(await hashSecret(secret));
    return EXIT_OK;
  }
  const server: Record<string, unknown> = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(
        `tributary server: --port must be a number from 0 to 65535, got '${values.port}' [E_USAGE]`,
      );
      return EXIT_USAGE;
    }
    server.port = port;
  }
  if (values.host !== undefined) server.host = values.host;
  let running: TributaryServer;
  try {
    running = await startServer({
      ...hooks.start,
      load: {
        ...(values.config === undefined ? {} : { file: values.config }),
        ...(values.home === undefined ? {} : { home: values.home }),
        overrides: { server },
        warn: (message) => {
          io.err(`tributary server: warning: ${message}`);
        },
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`tributary server: ${error.message} [${error.code}]`);
      return EXIT_USAGE;
    }
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      io.err(
        `tributary server: the port is in use [E_PORT_IN_USE]\n  hint: stop the other server or pass --port <n> (or TRIBUTARY_SERVER_PORT)`,
      );
      return EXIT_FAILED;
    }
    io.err(`tributary server: could not start: ${describeError(error)} [E_START]`);
    return EXIT_FAILED;
  }
  hooks.onStarted?.(running);
  await Promise.race([(hooks.stopSignal ?? signalled)(running), running.closed]);
  await running.close();
  return EXIT_OK;
}
