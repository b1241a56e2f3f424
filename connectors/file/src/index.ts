// File source and sink, fileeventlistener: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { fileEventListenerSource } from './file-event-listener-source.js';
import { fileSink } from './file-sink.js';
import { fileSource } from './file-source.js';

export { fileEventListenerSource, type FileStatus } from './file-event-listener-source.js';
export { fileSink } from './file-sink.js';
export { fileSource, type FilePosition, type FileSourceState } from './file-source.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-file';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-file', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [fileSource, fileSink, fileEventListenerSource];
