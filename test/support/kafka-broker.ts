// A real Apache Kafka broker (KRaft mode) for live-server tests and benches: reuses one at
// KAFKA_BROKERS when reachable, else fetches the broker's jars from Maven Central once (cached)
// and runs a single-node broker + controller on free loopback ports in a temp directory.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running broker. */
export interface KafkaBroker {
  /** `host:port` for `bootstrap.servers`. */
  readonly brokers: string;
  /** Kills the broker (when started here) and removes its data. */
  stop(): Promise<void>;
  /** Kills the broker and starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Kills the broker, keeping its data (`start` brings it back). For fault tests. */
  kill(): Promise<void>;
  /** Starts a killed broker again. */
  start(): Promise<void>;
}

/** Options of `startKafka`. */
export interface StartKafkaOptions {
  /** Reuse a broker at KAFKA_BROKERS when reachable (default true); fault tests want their own. */
  readonly reuse?: boolean;
  /**
   * Run the broker on these cores (`taskset -c`, when available), e.g. `'0'` for a bench pinned
   * to core 1: a child process otherwise inherits its parent's pinning.
   */
  readonly cpus?: string;
}

const KAFKA_VERSION = '3.9.1';
const SLF4J_VERSION = '1.7.36';
const START_TIMEOUT_MS = 60_000;
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resolves true when something accepts TCP connections at `host:port`. */
function reachable(address: string, timeoutMs = 1_000): Promise<boolean> {
  const [host = '127.0.0.1', port = '9092'] = address.split(':');
  return new Promise((done) => {
    const socket = new Socket();
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => {
      finish(false);
    });
    socket.once('error', () => {
      finish(false);
    });
    socket.connect(Number(port), host, () => {
      finish(true);
    });
  });
}

/** A free loopback port (the OS picks one; it is released before the broker binds it). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        done(port);
      });
    });
  });
}

/** The directory holding the broker's jars, fetched with Maven on first use. */
function jarDirectory(): string {
  const candidates = [
    join(REPO_ROOT, 'node_modules', '.cache', 'kafka-jars'),
    join(homedir(), '.cache', 'tributary', 'kafka'),
  ];
  for (const dir of candidates) {
    const libs = join(dir, KAFKA_VERSION, 'libs');
    if (existsSync(libs) && readdirSync(libs).some((f) => f.startsWith('kafka_2.13'))) {
      return libs;
    }
  }
  const base = join(candidates[0] ?? tmpdir(), KAFKA_VERSION);
  mkdirSync(base, { recursive: true });
  writeFileSync(
    join(base, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tributary.test</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>${SLF4J_VERSION}</version></dependency>
  </dependencies>
</project>
`,
  );
  const libs = join(base, 'libs');
  const fetched = spawnSync(
    'mvn',
    ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`],
    { cwd: base, encoding: 'utf8' },
  );
  if (fetched.status !== 0) {
    throw new Error(
      `cannot fetch the Kafka ${KAFKA_VERSION} jars with Maven: ${fetched.error?.message ?? ''}${fetched.stdout}${fetched.stderr}`,
    );
  }
  return libs;
}

function java(libs: string, args: readonly string[]): string {
  const run = spawnSync('java', ['-cp', `${libs}/*`, ...args], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`java ${args.join(' ')} failed: ${run.stdout}${run.stderr}`);
  }
  return run.stdout.trim();
}

/** `taskset -c <cpus>` when asked for and available, else nothing. */
function pinning(cpus: string | undefined): string[] {
  if (cpus === undefined) return [];
  const probe = spawnSync('taskset', ['-c', cpus, 'true'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0 ? ['taskset', '-c', cpus] : [];
}

/** A broker this process owns: its data directory, ports and process. */
class OwnedBroker {
  #process: ChildProcess | undefined;

  constructor(
    private readonly prefix: readonly string[],
    private readonly libs: string,
    private readonly config: string,
    readonly brokers: string,
    private readonly dir: string,
  ) {}

  /** Starts the broker and resolves once it logged that it started. */
  start(): Promise<void> {
    if (this.#process !== undefined) return Promise.resolve();
    const java = [
      'java',
      '-Xmx512m',
      '-Xms128m',
      '-cp',
      `${this.libs}/*`,
      'kafka.Kafka',
      this.config,
    ];
    const [command, ...args] = this.prefix.length > 0 ? [...this.prefix, ...java] : java;
    const child = spawn(command ?? 'java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#process = child;
    // Never leave a broker behind when the test process ends without stopping it.
    const orphanGuard = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', orphanGuard);
    child.once('exit', () => {
      process.off('exit', orphanGuard);
    });
    let log = '';
    return new Promise<void>((done, fail) => {
      const timer = setTimeout(() => {
        fail(
          new Error(`the Kafka broker did not start in ${String(START_TIMEOUT_MS)} ms:\n${log}`),
        );
      }, START_TIMEOUT_MS);
      const watch = (chunk: Buffer): void => {
        if (log.length < 200_000) log += chunk.toString('utf8');
        if (log.includes('Kafka Server started')) {
          clearTimeout(timer);
          log = '';
          child.stdout.off('data', watch);
          child.stderr.off('data', watch);
          // Keep draining the pipes: a full pipe would block the broker.
          child.stdout.resume();
          child.stderr.resume();
          done();
        }
      };
      child.stdout.on('data', watch);
      child.stderr.on('data', watch);
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (this.#process === child) this.#process = undefined;
        fail(new Error(`the Kafka broker exited with ${String(code)}:\n${log}`));
      });
    });
  }

  /** Kills the broker (SIGKILL: a crash, not a clean shutdown) and waits for its exit. */
  kill(): Promise<void> {
    const child = this.#process;
    if (child === undefined) return Promise.resolve();
    this.#process = undefined;
    return new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        done();
        return;
      }
      child.once('exit', () => {
        done();
      });
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A Kafka broker for tests: the one at `KAFKA_BROKERS` when reachable (and `reuse` is not
 * false), else a new single-node KRaft broker on free loopback ports.
 * @example
 * const kafka = await startKafka();
 * // @source(type='kafka', bootstrap.servers='${kafka.brokers}', …)
 * await kafka.stop();
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaBroker> {
  const external = process.env.KAFKA_BROKERS;
  if (options.reuse !== false && external !== undefined && external !== '') {
    const first = external.split(',')[0] ?? external;
    if (await reachable(first)) {
      const refuse = (): Promise<void> =>
        Promise.reject(
          new Error(`the broker at KAFKA_BROKERS (${external}) is not ours to restart`),
        );
      return {
        brokers: external,
        stop: () => Promise.resolve(),
        restart: refuse,
        kill: refuse,
        start: () => Promise.resolve(),
      };
    }
  }
  const libs = jarDirectory();
  const dir = mkdtempSync(join(tmpdir(), 'tributary-kafka-'));
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const config = join(dir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${String(controllerPort)}`,
      `listeners=PLAINTEXT://127.0.0.1:${String(port)},CONTROLLER://127.0.0.1:${String(controllerPort)}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${String(port)}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=4',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      // A killed broker's registration expires fast, so a restart is quick (fault tests).
      'broker.session.timeout.ms=2000',
      'broker.heartbeat.interval.ms=500',
      'auto.create.topics.enable=true',
      'delete.topic.enable=true',
      '',
    ].join('\n'),
  );
  const clusterId = java(libs, ['kafka.tools.StorageTool', 'random-uuid']) || randomUUID();
  java(libs, ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config]);
  const broker = new OwnedBroker(
    pinning(options.cpus),
    libs,
    config,
    `127.0.0.1:${String(port)}`,
    dir,
  );
  try {
    await broker.start();
  } catch (error) {
    await broker.stop();
    throw error;
  }
  return {
    brokers: broker.brokers,
    stop: () => broker.stop(),
    restart: async () => {
      await broker.kill();
      await broker.start();
    },
    kill: () => broker.kill(),
    start: () => broker.start(),
  };
}
