// Siddhi time strings in annotation values ('1 sec', '100 millisecond', '2 min'), parsed by the
// validator's helper so the runtime accepts exactly what validation accepts.

import { parseTimeString } from '../../compiler/validation/annotations.js';

export { parseTimeString };

/** Like `parseTimeString`, but throws a RangeError naming `what` when the text is not a time. */
export function requireTimeString(text: string, what: string): number {
  const ms = parseTimeString(text);
  if (ms === undefined) {
    throw new RangeError(
      `${what} must be a time such as '100 millisecond' or '2 sec', got '${text}'`,
    );
  }
  return ms;
}
