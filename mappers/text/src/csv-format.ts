// CSV records as Siddhi's csv mapper reads and writes them (Apache Commons CSV's default
// format with a configurable delimiter): `"`-quoted fields with `""` escapes, records ending in
// CR, LF or CRLF, empty lines skipped. A field's quoting is kept so an unquoted `null` can mean
// null while a quoted "null" stays a string.

/** One record: its fields, which were quoted, its text and its 1-based first line. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly quoted: readonly boolean[];
  readonly text: string;
  readonly line: number;
}

/** Malformed CSV: an unclosed quote or text after a closing quote. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = '"';

/**
 * Splits `text` into records.
 * @example
 * parseCsv('a,"b,c"\n1,2', ',')[0]?.fields // ['a', 'b,c']
 */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let field = '';
      let wasQuoted = false;
      if (text[i] === QUOTE) {
        wasQuoted = true;
        i += 1;
        for (;;) {
          if (i >= n) {
            throw new CsvSyntaxError(
              `a quoted field opened on line ${String(startLine)} is never closed`,
              startLine,
            );
          }
          const c = text.charAt(i);
          if (c === QUOTE) {
            if (text[i + 1] === QUOTE) {
              field += QUOTE;
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (c === '\n') line += 1;
          field += c;
          i += 1;
        }
        if (i < n && !text.startsWith(delimiter, i) && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(
            `line ${String(line)}: unexpected '${text[i] ?? ''}' after a closing quote ` +
              `(expected the delimiter or the end of the record)`,
            line,
          );
        }
      } else {
        const fieldStart = i;
        while (i < n && text[i] !== '\n' && text[i] !== '\r' && !text.startsWith(delimiter, i)) {
          i += 1;
        }
        field = text.slice(fieldStart, i);
      }
      fields.push(field);
      quoted.push(wasQuoted);
      if (i < n && text.startsWith(delimiter, i)) {
        i += delimiter.length;
        continue;
      }
      endOfRecord = true;
    }
    const end = i;
    if (text[i] === '\r') i += 1;
    if (text[i] === '\n') i += 1;
    line += 1;
    // an empty line is not a record (Commons CSV's ignoreEmptyLines)
    if (fields.length === 1 && fields[0] === '' && quoted[0] === false) continue;
    records.push({ fields, quoted, text: text.slice(start, end), line: startLine });
  }
  return records;
}

/**
 * Writes one field, quoting it when it holds the delimiter, a quote, a line break or
 * leading/trailing blanks, is empty, or is a string spelling `null` (so it reads back as a
 * string, not as null).
 * @example
 * formatCsvField('a,b', ',', true) // '"a,b"'
 */
export function formatCsvField(text: string, delimiter: string, isString: boolean): string {
  const needsQuotes =
    text === '' ||
    (isString && text === 'null') ||
    text.includes(delimiter) ||
    text.includes(QUOTE) ||
    text.includes('\n') ||
    text.includes('\r') ||
    /^\s|\s$/.test(text);
  return needsQuotes ? QUOTE + text.replaceAll(QUOTE, QUOTE + QUOTE) + QUOTE : text;
}
