// `tributary server`: starts the Tributary server (the @tributary/server package, which builds
// on this one: it loads plugins and renders docs with the CLI's code). The server is imported
// when the command runs, by a name the type checker does not follow, so the two packages do not
// depend on each other in a cycle and the other commands start without NestJS.

import type { CommandIo } from '../command-io.js';
import { describeError, EXIT_USAGE } from '../command-io.js';
import { reportError } from './run-io.js';

/** What the command needs from @tributary/server. */
interface ServerPackage {
  serverCommand(argv: readonly string[], io: CommandIo): Promise<number>;
}

function isServerPackage(value: unknown): value is ServerPackage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { serverCommand?: unknown }).serverCommand === 'function'
  );
}

/** The package the command runs; a variable, so tools do not treat it as a static import. */
const SERVER_PACKAGE = '@tributary/server';

/**
 * Runs `tributary server …` (the arguments after `server`); resolves to the exit code once the
 * server has shut down.
 * @example
 * process.exitCode = await serverCommand(['--port', '9191'], processIo());
 */
export async function serverCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let server: unknown;
  try {
    server = await import(SERVER_PACKAGE);
  } catch (error) {
    const detail = describeError(error);
    reportError(
      io,
      'server',
      'E_NO_SERVER',
      `the server package cannot be loaded: ${detail}`,
      detail.includes('decorators')
        ? 'from the sources, run tsx with --tsconfig tsconfig.test.json (as npm start does), or build first'
        : 'install @tributary/server next to @tributary/cli (npm install @tributary/server)',
    );
    return EXIT_USAGE;
  }
  if (!isServerPackage(server)) {
    reportError(io, 'server', 'E_NO_SERVER', `${SERVER_PACKAGE} has no serverCommand export`);
    return EXIT_USAGE;
  }
  return server.serverCommand(argv, io);
}
