// Test support for the mqtt connectors: the shared Mosquitto broker on loopback, unique names,
// JSON rows, test clients, and engines with the mqtt extensions plus the json mapper.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { extensions } from './index.js';

/** The Mosquitto broker every machine of this kind runs. */
export const MQTT_URL = 'mqtt://127.0.0.1:1883';

/** The mqtt extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

let counter = 0;

/** A name no other test run uses (topics, client ids). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${String(process.pid)}-${Date.now().toString(36)}-${String(counter)}`;
}

/** Rows as the json mapper's default format: `{"event":{...}}`, one message per row. */
export function jsonMessages(
  names: readonly string[],
  rows: readonly (readonly unknown[])[],
): string[] {
  return rows.map((row) =>
    JSON.stringify({ event: Object.fromEntries(names.map((n, i) => [n, row[i]])) }),
  );
}

interface Wrapped {
  readonly event: Record<string, unknown>;
}

/** The rows of a `{"event":{...}}` message or of an array of them (grouped events). */
export function rowsOf(names: readonly string[], text: string): unknown[][] {
  const parsed = JSON.parse(text) as Wrapped | Wrapped[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((e) => names.map((n) => e.event[n]));
}

/** A logger that keeps what it is told. */
export function recordingLogger(lines: string[]): Logger {
  return {
    log(level, message) {
      lines.push(`${level}: ${message}`);
    },
  };
}

/** Options of `createApp`/`startApp`. */
export interface AppOptions {
  readonly logs?: string[];
  readonly delays?: readonly number[];
  readonly extensions?: readonly Extension[];
}

/** Creates an app with the mqtt extensions, the json mapper and quick reconnects (not started). */
export function createApp(text: string, options: AppOptions = {}): AppRuntime {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-mqtt', version: '0.1.0', extensions },
      { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
      { package: 'tributary-tests', version: '0.0.0', extensions: options.extensions ?? [] },
    ),
    logger: recordingLogger(options.logs ?? []),
    backoff: { delays: options.delays ?? [50], jitter: 0 },
  });
  const created = engine.createApp(text);
  if (!created.ok) {
    throw new Error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
  return created.app;
}

/** `createApp`, started and connected. */
export async function startApp(text: string, options: AppOptions = {}): Promise<AppRuntime> {
  const app = createApp(text, options);
  app.start();
  await app.whenConnected();
  return app;
}

/** Resolves once `ready()` holds (polling); rejects after `timeoutMs` saying `what()`. */
export async function until(
  ready: () => boolean,
  what: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A test client of the shared broker (no reconnects); `onMessage` listens from before the
 * CONNACK (a kept session's messages come with it).
 */
export async function client(
  options: IClientOptions = {},
  onMessage?: (topic: string, payload: Buffer, packet: IPublishPacket) => void,
): Promise<MqttClient> {
  const c = connect(MQTT_URL, { reconnectPeriod: 0, ...options, manualConnect: true });
  if (onMessage !== undefined) c.on('message', onMessage);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => {
      resolve();
    });
    c.once('error', reject);
    c.connect();
  });
  return c;
}

/** Rows from every message of `topic` (QoS 1), in arrival order. */
export async function collectTopic(
  topic: string,
  names: readonly string[],
  options: IClientOptions = {},
): Promise<{ received(): unknown[][]; close(): Promise<void> }> {
  const rows: unknown[][] = [];
  const c = await client(options, (_topic, payload) => {
    rows.push(...rowsOf(names, payload.toString('utf8')));
  });
  await c.subscribeAsync(topic, { qos: 1 });
  return {
    received: () => rows,
    close: () => c.endAsync(),
  };
}
