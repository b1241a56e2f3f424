// TCP source and sink with Siddhi binary framing: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { tcpSink } from './tcp-sink.js';
import { tcpSource } from './tcp-source.js';

export { encodeFrame, FrameDecoder, TcpFrameError, type TcpFrame } from './tcp-frame.js';
export { parseTcpUrl, tcpSink, type TcpUrl } from './tcp-sink.js';
export { tcpSource } from './tcp-source.js';

/**
 * Every extension of this package, for the registry. The sources and sinks default to the
 * `binary` mapper: register @tributary/mapper-binary too.
 * @example
 * import { extensions } from '@tributary/connector-tcp';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-tcp', version: '0.1.0', extensions }, binaryMappers);
 */
export const extensions: readonly Extension[] = [tcpSource, tcpSink];
