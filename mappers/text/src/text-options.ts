// Options the text source and sink mappers share: the group delimiter and the line break,
// whose values may spell `\n`, `\r` and `\t` as escapes (single-quoted SiddhiQL strings keep
// backslashes, so `new.line.character='\r\n'` would otherwise never match a Windows line end).

import { param } from '@tributary/engine/extension-api';

/** `\n`, `\r`, `\t` and `\\` escapes in an option value, as characters. */
export function unescapeOption(text: string): string {
  return text.replace(/\\([nrt\\])/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : '\\',
  );
}

/** The shared parameters (Siddhi's names and defaults). */
export const textSharedParameters = {
  'event.grouping.enabled': param.bool({
    description:
      'A payload holds a group of events separated by `delimiter` lines (on a source), or the ' +
      'events that arrive together are published as one such payload (on a sink).',
    optional: true,
    default: false,
  }),
  delimiter: param.string({
    description:
      'The line that separates grouped events (a whole line, not a single character; `\\n`, ' +
      '`\\r`, `\\t` escapes allowed).',
    optional: true,
    default: '~~~~~~~~~~',
  }),
  'new.line.character': param.string({
    description:
      'The line break of the events: `\\n` (Linux) or `\\r\\n` (Windows); written as escapes.',
    optional: true,
    default: '\\n',
  }),
};
