// str:hex and str:unhex: Siddhi prints each UTF-16 unit as its hexadecimal value (without
// padding, as `Integer.toHexString`), and reads pairs of hex digits back as characters.

import type { Extension } from '@tributary/engine/extension-api';
import { strFunction } from './str-function.js';

/** `str:hex(input.string)`. */
export const hex: Extension = strFunction({
  name: 'hex',
  summary: 'Returns the hexadecimal representation of the characters of the input string.',
  description:
    'Each UTF-16 character becomes its code in hexadecimal, unpadded as ' +
    '`Integer.toHexString` prints it (`MySQL` → `4d7953514c`, a newline → `a`). A null input ' +
    'fails the event.',
  parameters: [{ name: 'input.string', types: ['string'], description: 'The string to convert.' }],
  returnType: 'string',
  returnDescription: 'The hexadecimal string.',
  examples: [
    {
      description: "Outputs '4d7953514c' for 'MySQL'.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:hex(text) as hexText insert into Out;',
    },
  ],
  create: () => ({
    type: 'string',
    call: (v) => {
      const s = v[0];
      if (typeof s !== 'string') throw new Error('Input to the str:hex() function cannot be null');
      let out = '';
      for (let i = 0; i < s.length; i += 1) out += s.charCodeAt(i).toString(16);
      return out;
    },
  }),
});

const HEX_PAIR = /^[+-]?[0-9a-fA-F]+$/;

/** `str:unhex(input.string)`. */
export const unhex: Extension = strFunction({
  name: 'unhex',
  summary: 'Converts pairs of hexadecimal digits in the input string to characters.',
  description:
    'Each two hex digits become one character (`4d7953514c` → `MySQL`). An odd length, a ' +
    'non-hex pair or a null input fails the event.',
  parameters: [{ name: 'input.string', types: ['string'], description: 'The hexadecimal string.' }],
  returnType: 'string',
  returnDescription: 'The decoded string.',
  examples: [
    {
      description: "Outputs 'MySQL' for '4d7953514c'.",
      siddhi:
        'define stream In (hexText string);\n' +
        'from In select str:unhex(hexText) as text insert into Out;',
    },
  ],
  create: () => ({
    type: 'string',
    call: (v) => {
      const s = v[0];
      if (typeof s !== 'string') {
        throw new Error('Input to the str:unhex() function cannot be null');
      }
      let out = '';
      for (let i = 0; i < s.length; i += 2) {
        if (i + 2 > s.length) throw new Error(`String index out of range: ${String(i + 2)}`);
        const pair = s.slice(i, i + 2);
        const code = HEX_PAIR.test(pair) ? parseInt(pair, 16) : NaN;
        if (Number.isNaN(code) || code < 0) {
          throw new Error(`For input string: "${pair}" under radix 16`);
        }
        out += String.fromCharCode(code);
      }
      return out;
    },
  }),
});
