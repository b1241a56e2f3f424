// A real mail server for live-server tests and benches: GreenMail standalone (SMTP + IMAP, and
// SMTPS + IMAPS with its built-in self-signed certificate) on free loopback ports, its jar
// fetched from Maven Central once (cached), its users set with `-Dgreenmail.users`. GreenMail
// keeps mail in memory: a server stopped and started again comes back with empty mailboxes.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, LocalServerProcess, waitForPort } from '@tributary/engine/testing';

/** An account of the server: `login` logs in, `address` receives mail. */
export interface GreenMailUser {
  readonly login: string;
  readonly password: string;
  /** `login@domain`. */
  readonly address: string;
}

/** Options of `startGreenMail`. */
export interface StartGreenMailOptions {
  /** Accounts as `login` + `password` @ `domain` (default `example.com`). */
  readonly users?: readonly { readonly login: string; readonly password: string }[];
  readonly domain?: string;
  /** Also listen for SMTPS and IMAPS (implicit TLS, self-signed certificate). Default false. */
  readonly tls?: boolean;
  /** Run the JVM on these cores (`taskset -c`, when available), e.g. `'0'` beside a pinned bench. */
  readonly cpus?: string;
}

/** A running GreenMail. */
export interface GreenMail {
  readonly host: string;
  readonly smtpPort: number;
  readonly imapPort: number;
  /** With `tls`: the SMTPS port. */
  readonly smtpsPort: number | undefined;
  /** With `tls`: the IMAPS port. */
  readonly imapsPort: number | undefined;
  readonly users: readonly GreenMailUser[];
  /** Stops the server (SIGTERM) and waits until no port accepts connections. */
  kill(): Promise<void>;
  /** Starts a killed server again on the same ports, with the same users and empty mailboxes. */
  start(): Promise<void>;
  /** Stops the server for good. */
  stop(): Promise<void>;
}

const GREENMAIL_VERSION = '2.1.8';
const START_TIMEOUT_MS = 60_000;
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const JAR = `greenmail-standalone-${GREENMAIL_VERSION}.jar`;

/**
 * Why GreenMail cannot run here (no `java` or no `mvn` on the PATH), or undefined when it can.
 * Tests skip with this message; nothing else is a reason to skip.
 * @example
 * describe.skipIf(greenMailMissing() !== undefined)('email against GreenMail', () => { … });
 */
export function greenMailMissing(): string | undefined {
  const absent = (tool: string): boolean =>
    spawnSync(tool, ['-version'], { stdio: 'ignore' }).error !== undefined;
  // Maven is only needed to fetch the jar the first time.
  const missing = [
    ...(absent('java') ? ['java'] : []),
    ...(cachedJar() === undefined && absent('mvn') ? ['mvn'] : []),
  ];
  if (missing.length === 0) return undefined;
  return `GreenMail needs ${missing.join(' and ')} on the PATH (Java 11+ runs it, Maven fetches it)`;
}

function jarCandidates(): string[] {
  return [
    join(REPO_ROOT, 'node_modules', '.cache', 'greenmail', GREENMAIL_VERSION),
    join(homedir(), '.cache', 'tributary', 'greenmail', GREENMAIL_VERSION),
  ];
}

function cachedJar(): string | undefined {
  return jarCandidates()
    .map((dir) => join(dir, JAR))
    .find((file) => existsSync(file));
}

/** The standalone jar, fetched with Maven on first use. */
function jarFile(): string {
  const cached = cachedJar();
  if (cached !== undefined) return cached;
  const dir = jarCandidates()[0] ?? join(REPO_ROOT, '.greenmail');
  mkdirSync(dir, { recursive: true });
  const fetched = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      'dependency:copy',
      `-Dartifact=com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}`,
      `-DoutputDirectory=${dir}`,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  const jar = join(dir, JAR);
  if (fetched.status !== 0 || !existsSync(jar)) {
    throw new Error(
      `cannot fetch GreenMail ${GREENMAIL_VERSION} with Maven: ${fetched.error?.message ?? ''}${fetched.stdout}${fetched.stderr}`,
    );
  }
  return jar;
}

/** `taskset -c <cpus>` when asked for and available, else nothing. */
function pinning(cpus: string | undefined): string[] {
  if (cpus === undefined) return [];
  const probe = spawnSync('taskset', ['-c', cpus, 'true'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0 ? ['taskset', '-c', cpus] : [];
}

/** The IMAP server's answer on `port` to `user`'s login (a raw LOGIN, then LOGOUT). */
function tryLogin(port: number, user: GreenMailUser): Promise<string> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let buffer = '';
    let greeted = false;
    const finish = (answer: string): void => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(5_000, () => {
      finish(`no answer in 5 s (${buffer.trim()})`);
    });
    socket.once('error', (error) => {
      finish(error.message);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (!greeted && buffer.includes('\r\n')) {
        greeted = true;
        buffer = '';
        socket.write(`a1 LOGIN "${user.login}" "${user.password}"\r\n`);
        return;
      }
      const answer = buffer.split('\r\n').find((line) => line.startsWith('a1 '));
      if (answer !== undefined) {
        socket.write('a2 LOGOUT\r\n');
        finish(answer);
      }
    });
  });
}

/** `count` distinct free loopback ports. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * Starts GreenMail on free loopback ports.
 * @example
 * const mail = await startGreenMail({ users: [{ login: 'alice', password: 'secret' }] });
 * // @source(type='email', host='127.0.0.1', port='${mail.imapPort}', ssl.enable='false', username='alice', …)
 * await mail.stop();
 */
export async function startGreenMail(options: StartGreenMailOptions = {}): Promise<GreenMail> {
  const jar = jarFile();
  const domain = options.domain ?? 'example.com';
  const users = (options.users ?? []).map((u) => ({ ...u, address: `${u.login}@${domain}` }));
  const tls = options.tls ?? false;
  const [smtpPort = 0, imapPort = 0, smtpsPort, imapsPort] = await freePorts(tls ? 4 : 2);
  const host = '127.0.0.1';
  const services: [string, number | undefined][] = [
    ['smtp', smtpPort],
    ['imap', imapPort],
    ['smtps', smtpsPort],
    ['imaps', imapsPort],
  ];
  const properties = services.flatMap(([protocol, port]) =>
    port === undefined
      ? []
      : [
          `-Dgreenmail.${protocol}.port=${String(port)}`,
          `-Dgreenmail.${protocol}.hostname=${host}`,
        ],
  );
  if (users.length > 0) {
    properties.push(
      `-Dgreenmail.users=${users.map((u) => `${u.login}:${u.password}@${domain}`).join(',')}`,
    );
  }
  const java = ['java', '-Xmx256m', ...properties, '-jar', jar];
  const [command = 'java', ...args] = [...pinning(options.cpus), ...java];
  // LocalServerProcess waits for the first port; the others are checked after it.
  const server = new LocalServerProcess(smtpPort, command, args);
  const ports = services.flatMap(([, port]) => (port === undefined ? [] : [port]));
  let running = false;
  const start = async (): Promise<void> => {
    if (running) return;
    await server.start();
    running = true;
    for (const port of ports) await waitForPort(port, true, START_TIMEOUT_MS);
    // The ports open before the users exist: wait until the last one may log in.
    const last = users.at(-1);
    if (last === undefined) return;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const answer = await tryLogin(imapPort, last);
      if (answer.startsWith('a1 OK')) return;
      if (Date.now() > deadline) {
        throw new Error(`GreenMail refuses the login of '${last.login}': ${answer}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const kill = async (): Promise<void> => {
    if (!running) return;
    running = false;
    await server.stop();
    for (const port of ports) await waitForPort(port, false, START_TIMEOUT_MS);
  };
  // Never leave a JVM behind when the test process ends without stopping it.
  const orphanGuard = (): void => {
    void server.stop();
  };
  process.once('exit', orphanGuard);
  try {
    await start();
  } catch (error) {
    running = false;
    await server.stop().catch(() => undefined);
    process.off('exit', orphanGuard);
    throw error;
  }
  return {
    host,
    smtpPort,
    imapPort,
    smtpsPort,
    imapsPort,
    users,
    kill,
    start,
    stop: async () => {
      process.off('exit', orphanGuard);
      await kill();
    },
  };
}
