// Test support for the mqtt connectors: the shared Mosquitto broker on loopback, unique names,
// JSON rows, test clients, and engines with the mqtt extensions plus the json mapper.

import type { AppRuntime, ExtensionList } from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import {
  createPluginApp,
  rowsOf,
  startPluginApp,
  uniqueName as uniqueNameJoinedBy,
  type PluginAppOptions,
} from '@tributary/engine/testing';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { extensions } from './index.js';

export { jsonMessages, rowsOf, until } from '@tributary/engine/testing';

/** The Mosquitto broker every machine of this kind runs. */
export const MQTT_URL = 'mqtt://127.0.0.1:1883';

/** The mqtt extensions plus the json mapper (what the apps under test use). */
export const EXTENSIONS: readonly Extension[] = [...extensions, ...jsonMapperList];

const PLUGINS: readonly ExtensionList[] = [
  { package: '@tributary/connector-mqtt', version: '0.1.0', extensions },
  { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
];

/** A name no other test run uses (topics, client ids). */
export function uniqueName(prefix: string): string {
  return uniqueNameJoinedBy(prefix, '-');
}

/** Options of `createApp`/`startApp`: logs, reconnect delays (ms), more (test) extensions. */
export type AppOptions = PluginAppOptions;

/**
 * Creates an app with the mqtt extensions, the json mapper and quick reconnects (not started).
 * @example
 * const app = createApp("@sink(type='mqtt', topic='t', @map(type='json')) define stream S (a int);");
 */
export function createApp(text: string, options: AppOptions = {}): AppRuntime {
  return createPluginApp(PLUGINS, text, options);
}

/** `createApp`, started and connected. */
export function startApp(text: string, options: AppOptions = {}): Promise<AppRuntime> {
  return startPluginApp(PLUGINS, text, options);
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
