// WebSocket and WebSocket-server sources and sinks: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { webSocketSink, webSocketSource } from './websocket-client.js';
import { webSocketServerSink, webSocketServerSource } from './websocket-server.js';

export { webSocketSink, webSocketSource } from './websocket-client.js';
export { webSocketServerSink, webSocketServerSource } from './websocket-server.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-websocket';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-websocket', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [
  webSocketSource,
  webSocketSink,
  webSocketServerSource,
  webSocketServerSink,
];
