// `tributary mi flows`: what a Micro Integrator can run — sequences, REST API resources, proxy
// services, inbound endpoints — read from its management API (named on the command line or,
// as for the `mi` sink, under `extensions: 'sink:mi': management.url` of the configuration),
// each with the `mi` sink that triggers it.

import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MiManagementClient, type MiFlows } from '@tributary/mi-bridge';
import { parse } from 'yaml';
import {
  describeError,
  EXIT_OK,
  EXIT_PROBLEMS,
  EXIT_USAGE,
  type CommandIo,
} from '../command-io.js';
import { reportError } from './run-io.js';

/** Text printed by `tributary mi --help`. */
export const miUsage = `usage:
  tributary mi flows [--management-url <url>] [--username <user>] [--password <password>]
                     [--config <file>] [--json]

Lists what a Micro Integrator can run (sequences, REST API resources, proxy services, inbound
endpoints) from its management API, with the @sink(type='mi', …) that triggers each.

options:
  --management-url <url>  MI's management API, e.g. https://localhost:9164 (default: the
                          'sink:mi' management.url of the configuration's extensions section)
  --username <user>       (default: the configuration's management.username, else admin)
  --password <password>   (default: the configuration's management.password, else admin)
  --config <file>         the server configuration (default conf/tributary.yaml)
  --json                  print the flows as JSON
  -h, --help              this text`;

interface Settings {
  readonly url: string | undefined;
  readonly username: string | undefined;
  readonly password: string | undefined;
}

/** The `sink:mi` system parameters of a configuration file (none when it has no such section). */
function configured(file: string): Settings {
  if (!existsSync(file)) return { url: undefined, username: undefined, password: undefined };
  const config = parse(readFileSync(file, 'utf8')) as unknown;
  const extensions = (config as { extensions?: unknown } | null)?.extensions;
  const section =
    typeof extensions === 'object' && extensions !== null
      ? (extensions as Record<string, unknown>)['sink:mi']
      : undefined;
  const value = (key: string): string | undefined => {
    const found =
      typeof section === 'object' && section !== null
        ? (section as Record<string, unknown>)[key]
        : undefined;
    return typeof found === 'string' && found !== '' ? found : undefined;
  };
  return {
    url: value('management.url'),
    username: value('management.username'),
    password: value('management.password'),
  };
}

/** An http(s) origin of MI's services, from an API's url (`http://mi:8290/orders` → `http://mi:8290`). */
function serviceOrigin(flows: MiFlows): string {
  for (const api of flows.apis) {
    try {
      return new URL(api.url).origin;
    } catch {
      // an API without a usable url: try the next one
    }
  }
  return 'http://<mi-host>:8290';
}

function renderFlows(flows: MiFlows, management: string): string[] {
  const http = serviceOrigin(flows);
  const grpc = flows.inboundEndpoints.filter((e) => e.protocol === 'grpc');
  const lines = [`Micro Integrator at ${management}`, ''];
  lines.push(`sequences (${String(flows.sequences.length)}):`);
  for (const name of flows.sequences) {
    lines.push(
      `  ${name}`,
      `    @sink(type='mi', url='grpc://<mi-host>:8888', sequence='${name}', …)`,
    );
  }
  if (flows.sequences.length > 0 && grpc.length === 0) {
    lines.push('  (no gRPC inbound endpoint is deployed: sequences cannot be triggered over gRPC)');
  }
  lines.push('', `REST APIs (${String(flows.apis.length)}):`);
  for (const api of flows.apis) {
    lines.push(`  ${api.name}  ${api.context}`);
    for (const resource of api.resources ?? [{ methods: [], url: '/*' }]) {
      const path = `${api.context}${resource.url === '/' ? '' : resource.url}`;
      const methods = resource.methods.join('|');
      const method =
        resource.methods.length > 0 && !resource.methods.includes('POST')
          ? `, method='${resource.methods[0] ?? 'GET'}'`
          : '';
      lines.push(
        `    ${methods === '' ? '' : `${methods} `}${path}`,
        `      @sink(type='mi', url='${http}', api='${path}'${method}, …)`,
      );
    }
  }
  lines.push('', `proxy services (${String(flows.proxies.length)}):`);
  for (const name of flows.proxies) {
    lines.push(`  ${name}`, `    @sink(type='mi', url='${http}', proxy='${name}', …)`);
  }
  lines.push('', `inbound endpoints (${String(flows.inboundEndpoints.length)}):`);
  for (const endpoint of flows.inboundEndpoints) {
    lines.push(`  ${endpoint.name}  ${endpoint.protocol}`);
  }
  return lines;
}

/**
 * Runs `tributary mi …` (the arguments after `mi`); resolves to the exit code.
 * @example
 * process.exitCode = await miCommand(['flows', '--management-url', 'https://localhost:9164'], processIo());
 */
export async function miCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'management-url': { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        config: { type: 'string', default: 'conf/tributary.yaml' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`tributary mi: ${describeError(error)}\n\n${miUsage}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(miUsage);
    return EXIT_OK;
  }
  if (positionals.length !== 1 || positionals[0] !== 'flows') {
    io.err(
      `tributary mi: ${positionals.length === 0 ? 'name a subcommand' : `unknown subcommand '${positionals.join(' ')}'`}\n\n${miUsage}`,
    );
    return EXIT_USAGE;
  }
  let fromConfig: Settings;
  try {
    fromConfig = configured(values.config);
  } catch (error) {
    reportError(io, 'mi', 'E_CONFIG', `cannot read ${values.config}: ${describeError(error)}`);
    return EXIT_USAGE;
  }
  const url = values['management-url'] ?? fromConfig.url;
  if (url === undefined) {
    reportError(
      io,
      'mi',
      'E_NO_MANAGEMENT_URL',
      'no management API given',
      `pass --management-url https://<mi-host>:9164, or set extensions: { 'sink:mi': { management.url: … } } in ${values.config}`,
    );
    return EXIT_USAGE;
  }
  const client = new MiManagementClient({
    url,
    username: values.username ?? fromConfig.username ?? 'admin',
    password: values.password ?? fromConfig.password ?? 'admin',
  });
  let flows: MiFlows;
  try {
    flows = await client.flows({ details: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    reportError(
      io,
      'mi',
      typeof code === 'string' ? code : 'E_MI_MANAGEMENT',
      describeError(error),
    );
    return EXIT_PROBLEMS;
  }
  if (values.json) io.out(JSON.stringify(flows, null, 2));
  else io.out(renderFlows(flows, client.baseUrl).join('\n'));
  return EXIT_OK;
}
