// `tributary run <app.siddhi…>`: runs apps in the terminal, no server. Events come from stdin
// or --input files as JSON lines (or CSV for one stream); what queries insert into streams is
// printed on stdout as JSON lines. Ends when the input ends (or on Ctrl-C).

import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  createEngine,
  formatDiagnostics,
  parseApp,
  type AppRuntime,
  type ExecutionElement,
  type Logger,
} from '@tributary/engine';
import {
  describeError,
  EXIT_OK,
  EXIT_PROBLEMS,
  EXIT_USAGE,
  type CommandIo,
} from '../command-io.js';
import { loadPlugins, type BundledPlugin } from '../plugins/plugin-loader.js';
import { pluginMessages } from '../plugins/plugin-messages.js';
import { DEFAULT_PLUGINS_DIR } from '../plugins/plugins-folder.js';
import {
  csvValue,
  InputError,
  parseJsonLine,
  reportError,
  splitCsv,
  type InputLine,
} from './run-io.js';

/** Text printed by `tributary run --help`. */
export const runUsage = `usage:
  tributary run <app.siddhi…> [--input <file>…] [--format json|csv] [--stream <id>]
                [--listen <stream>…] [--keep-running] [--plugins-dir <dir>]

Runs apps in the terminal, without a server. Events are read from stdin (or the --input
files, in order), one per line:
  json (default)  {"stream":"StockStream","data":["IBM",75.5,100]}
                  optional: "app" (when several apps are run), "timestamp" (ms since epoch)
  csv             IBM,75.5,100   (all lines go to --stream; values converted to its types)
Every event a query inserts into a stream is printed on stdout as a JSON line:
  {"app":"StockAlerts","stream":"LargeTradeStream","timestamp":…,"data":[…]}

options:
  --input <file>        read events from a file ('-' is stdin); may be repeated
  --format json|csv     input format (default json)
  --stream <id>         the stream CSV lines go to
  --listen <stream>     print this stream (default: every stream a query inserts into);
                        may be repeated or comma-separated
  --keep-running        after the input ends, keep running (sources, timers) until Ctrl-C
  --plugins-dir <dir>   plugins folder (default ${DEFAULT_PLUGINS_DIR})
  -h, --help            this text

exit codes: 0 done, 1 an app or input line had errors, 2 bad usage or unreadable files`;

/** What tests replace. */
export interface RunDeps {
  readonly bundled?: readonly BundledPlugin[];
  /** stdin by default. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Resolves when the run should stop (default: SIGINT/SIGTERM). */
  readonly stopSignal?: () => Promise<void>;
}

interface RunningApp {
  readonly name: string;
  readonly app: AppRuntime;
}

function stderrLogger(io: CommandIo): Logger {
  return {
    log(level, message, details) {
      const detail = details instanceof Error ? `: ${details.message}` : '';
      io.err(`[${level}] ${message}${detail}`);
    },
  };
}

/** Streams a query inserts into (not inner, fault or table targets). */
function insertedStreams(elements: readonly ExecutionElement[]): string[] {
  const out: string[] = [];
  for (const element of elements) {
    const queries = element.kind === 'partition' ? element.queries : [element];
    for (const query of queries) {
      const output = query.output;
      if (output.kind === 'insert' && output.inner !== true && output.fault !== true) {
        out.push(output.target);
      }
    }
  }
  return out;
}

/** Resolves on the first SIGINT or SIGTERM; `dispose` stops listening. */
function onSignal(): { readonly stopped: Promise<void>; readonly dispose: () => void } {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      dispose();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const dispose = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  return { stopped, dispose };
}

/** The app an input line goes to. */
function target(apps: readonly RunningApp[], line: InputLine): RunningApp {
  if (line.app !== undefined) {
    const found = apps.find((a) => a.name === line.app);
    if (found === undefined) {
      throw new InputError(`no app '${line.app}' (apps: ${apps.map((a) => a.name).join(', ')})`);
    }
    return found;
  }
  const having = apps.filter((a) => a.app.streamAttributes(line.stream) !== undefined);
  if (having.length === 1 && having[0] !== undefined) return having[0];
  if (having.length === 0) {
    const streams = apps.flatMap((a) => a.app.streamIds.filter((s) => !s.startsWith('!')));
    throw new InputError(`no stream '${line.stream}' (streams: ${streams.join(', ')})`);
  }
  throw new InputError(`stream '${line.stream}' is in several apps; add "app" to the line`);
}

/**
 * Runs `tributary run …` (the arguments after `run`); resolves to the exit code.
 * @example
 * process.exitCode = await runCommand(['StockAlerts.siddhi', '--input', 'trades.jsonl'], processIo());
 */
export async function runCommand(
  argv: readonly string[],
  io: CommandIo,
  deps: RunDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        input: { type: 'string', multiple: true },
        format: { type: 'string', default: 'json' },
        stream: { type: 'string' },
        listen: { type: 'string', multiple: true },
        'keep-running': { type: 'boolean', default: false },
        'plugins-dir': { type: 'string', default: DEFAULT_PLUGINS_DIR },
      },
    });
  } catch (error) {
    reportError(io, 'run', 'E_USAGE', describeError(error), 'tributary run --help');
    return EXIT_USAGE;
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    io.out(runUsage);
    return EXIT_OK;
  }
  if (files.length === 0) {
    reportError(
      io,
      'run',
      'E_USAGE',
      'no app files given',
      'tributary run App.siddhi < events.jsonl',
    );
    return EXIT_USAGE;
  }
  if (values.format !== 'json' && values.format !== 'csv') {
    reportError(io, 'run', 'E_USAGE', `--format must be json or csv, got '${values.format}'`);
    return EXIT_USAGE;
  }
  const csvStream = values.stream;
  if (values.format === 'csv' && csvStream === undefined) {
    reportError(
      io,
      'run',
      'E_USAGE',
      'CSV input needs --stream <id>',
      'tributary run App.siddhi --format csv --stream StockStream',
    );
    return EXIT_USAGE;
  }
  const texts: { file: string; text: string }[] = [];
  for (const file of files) {
    try {
      texts.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      reportError(io, 'run', 'E_FILE', `${file}: cannot read: ${describeError(error)}`);
      return EXIT_USAGE;
    }
  }
  const plugins = await loadPlugins({
    pluginsDir: values['plugins-dir'],
    ...(deps.bundled === undefined ? {} : { bundled: deps.bundled }),
  });
  for (const r of plugins.refused) io.err(pluginMessages.refused(r.name, r.version, r.reason));
  const engine = createEngine({ extensions: plugins.registry, logger: stderrLogger(io) });
  const apps: RunningApp[] = [];
  const shutdown = async (): Promise<void> => {
    for (const { app } of apps) await app.shutdown();
  };
  for (const { file, text } of texts) {
    const created = engine.createApp(text);
    if (!created.ok) {
      io.out(formatDiagnostics(created.diagnostics, text, { fileName: file, color: io.color }));
      reportError(
        io,
        'run',
        'E_INVALID_APP',
        `${file} has errors; nothing was run`,
        `tributary validate ${file}`,
      );
      await shutdown();
      return EXIT_PROBLEMS;
    }
    const app = created.app;
    const listen =
      values.listen
        ?.flatMap((l) => l.split(','))
        .map((l) => l.trim())
        .filter((l) => l !== '') ?? insertedStreams(parseApp(text).app?.elements ?? []);
    for (const stream of new Set(listen)) {
      if (app.streamAttributes(stream) === undefined) {
        if (values.listen !== undefined && texts.length === 1) {
          reportError(
            io,
            'run',
            'E_USAGE',
            `--listen: app '${app.name}' has no stream '${stream}'`,
          );
          await app.shutdown();
          await shutdown();
          return EXIT_USAGE;
        }
        continue;
      }
      app.onStream(stream, (events) => {
        for (const e of events) {
          io.out(
            JSON.stringify({
              app: app.name,
              stream,
              timestamp: e.timestamp,
              data: e.data,
              ...(e.type === 'expired' ? { type: 'expired' } : {}),
            }),
          );
        }
      });
    }
    apps.push({ name: app.name, app });
  }
  for (const { app } of apps) app.start();

  let problems = 0;
  const read = async (name: string, input: NodeJS.ReadableStream): Promise<void> => {
    const lines = createInterface({ input, crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number += 1;
      if (line.trim() === '') continue;
      try {
        let event: InputLine;
        if (values.format === 'csv') {
          const stream = csvStream ?? '';
          const running = target(apps, { stream, data: [] });
          const attributes = running.app.streamAttributes(stream) ?? [];
          const fields = splitCsv(line);
          if (fields.length !== attributes.length) {
            throw new InputError(
              `expected ${String(attributes.length)} value(s), got ${String(fields.length)}`,
            );
          }
          event = {
            stream,
            data: attributes.map((a, i) => csvValue(fields[i] ?? '', a.type, a.name)),
          };
        } else {
          event = parseJsonLine(line);
        }
        const running = target(apps, event);
        await running.app.input(event.stream).sendAsync(event.data, event.timestamp);
      } catch (error) {
        problems += 1;
        const code = (error as { code?: unknown }).code;
        reportError(
          io,
          'run',
          typeof code === 'string' ? code : 'E_INPUT',
          `${name}:${String(number)}: ${describeError(error)}`,
          values.format === 'json' ? 'one event per line: {"stream":"S","data":[…]}' : undefined,
        );
      }
    }
  };
  const inputs = values.input ?? ['-'];
  const consume = async (): Promise<void> => {
    for (const input of inputs) {
      if (input === '-') await read('stdin', deps.stdin ?? process.stdin);
      else await read(input, createReadStream(input, { encoding: 'utf8' }));
    }
    for (const { app } of apps) await app.idle();
  };
  const signal = deps.stopSignal === undefined ? onSignal() : undefined;
  const stop = deps.stopSignal?.() ?? signal?.stopped ?? Promise.resolve();
  try {
    await Promise.race([consume(), stop]);
    if (values['keep-running']) await stop;
  } catch (error) {
    reportError(io, 'run', 'E_INPUT', describeError(error));
    problems += 1;
  } finally {
    signal?.dispose();
    await shutdown();
  }
  return problems > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
