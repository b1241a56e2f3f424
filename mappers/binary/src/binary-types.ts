// The stream's attribute types as the binary format carries them: an `object` attribute has no
// encoding in Siddhi's format (its writer emits 4 bytes its reader never reads), so a stream
// with one cannot use the binary mappers and the app fails to start with that reason.

import type { IoAttribute } from '@tributary/engine/extension-api';
import type { BinaryType } from './binary-format.js';

/**
 * The binary types of a stream's attributes; throws naming an `object` attribute.
 * @example
 * binaryTypesOf([{ name: 'a', type: 'int' }], 'S') // ['int']
 */
export function binaryTypesOf(attributes: readonly IoAttribute[], streamId: string): BinaryType[] {
  return attributes.map((a) => {
    if (a.type === 'object') {
      throw new Error(
        `binary mapper of stream '${streamId}': attribute '${a.name}' is an object, which ` +
          'Siddhi’s binary format cannot carry',
      );
    }
    return a.type;
  });
}
