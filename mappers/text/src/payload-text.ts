// Reads a source payload as text: strings pass, bytes are decoded as strict UTF-8 (Siddhi's
// text mappers accept `String` and `byte[]`); anything else is a mapping error naming its kind.

import { MappingError } from '@tributary/engine/extension-api';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A short description of a payload's kind for messages: `number`, `object`, `Uint8Array`. */
export function kindOf(payload: unknown): string {
  if (payload === null) return 'null';
  if (typeof payload !== 'object') return typeof payload;
  const name = (payload as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' ? name : 'object';
}

/**
 * The payload as text.
 * @example
 * payloadText(Buffer.from('a,b'), 'csv') // 'a,b'
 * payloadText(42, 'csv')                 // throws MappingError
 */
export function payloadText(payload: unknown, mapper: string): string {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) {
    try {
      return UTF8.decode(payload);
    } catch (error) {
      throw new MappingError(`the ${mapper} mapper received bytes that are not valid UTF-8`, {
        cause: error,
      });
    }
  }
  throw new MappingError(
    `the ${mapper} mapper expects text (a string or UTF-8 bytes), found ${kindOf(payload)}`,
  );
}
