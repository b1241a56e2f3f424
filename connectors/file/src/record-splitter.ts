// Splits file content into the records the `file` source emits: lines, regex-delimited texts,
// the whole text, the whole bytes, or fixed-size byte chunks. Splitters work on bytes read from
// a file position and say how many bytes the records took, so the position can be committed.

import { compileJavaPattern, type JavaPattern } from '@tributary/engine/extension-api';

/** How the `file` source reads files (Siddhi's `mode`). */
export type FileMode = 'line' | 'regex' | 'text.full' | 'binary.full' | 'binary.chunked';

/** One record: its payload and the byte offset (in the split input) just after it. */
export interface FileRecord {
  readonly payload: string | Buffer;
  readonly end: number;
}

/** What a split found: the complete records and the bytes they (and skipped text) took. */
export interface SplitResult {
  readonly records: readonly FileRecord[];
  readonly consumed: number;
}

/** Splits the content of a file from some position. */
export interface RecordSplitter {
  /**
   * `bytes` is the content from the position on; `final` tells that it reaches the end of a
   * file that will not grow (not tailed), so a trailing partial record is complete.
   */
  split(bytes: Buffer, final: boolean): SplitResult;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const TEXT = new TextDecoder('utf-8');

function lineText(bytes: Buffer, start: number, end: number): string {
  const last = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  return TEXT.decode(bytes.subarray(start, last));
}

/**
 * Lines (`\n` or `\r\n` ended; a last unterminated line only when `final`). Empty lines are
 * records too: the source counts them as header lines, then skips them.
 * @example
 * lineSplitter().split(Buffer.from('a\nb\nc'), false) // records 'a', 'b'; consumed 4
 */
export function lineSplitter(): RecordSplitter {
  return {
    split(bytes, final) {
      const records: FileRecord[] = [];
      let start = 0;
      for (;;) {
        const nl = bytes.indexOf(NEWLINE, start);
        if (nl < 0) break;
        records.push({ payload: lineText(bytes, start, nl), end: nl + 1 });
        start = nl + 1;
      }
      if (final && start < bytes.length) {
        records.push({ payload: lineText(bytes, start, bytes.length), end: bytes.length });
        start = bytes.length;
      }
      return { records, consumed: start };
    },
  };
}

/** The byte length of the first `chars` UTF-16 units of `text`. */
function byteLength(text: string, chars: number): number {
  return Buffer.byteLength(text.slice(0, chars), 'utf8');
}

/**
 * Regex records (Siddhi's `regex` mode): with `begin.regex` and `end.regex` each text from a
 * begin match through the next end match; with only `begin.regex` each text from one begin
 * match up to the next (the last one runs to the end of a complete file); with only
 * `end.regex` each text up to and including an end match. Text outside records is skipped.
 * @example
 * regexSplitter('<e>', '</e>').split(Buffer.from('x<e>1</e><e>2'), false) // '<e>1</e>'
 */
export function regexSplitter(begin: string | undefined, end: string | undefined): RecordSplitter {
  const beginPattern = begin === undefined ? undefined : compileJavaPattern(begin);
  const endPattern = end === undefined ? undefined : compileJavaPattern(end);
  if (beginPattern !== undefined && endPattern !== undefined) {
    return betweenSplitter(beginPattern, endPattern);
  }
  if (beginPattern !== undefined) return fromBeginSplitter(beginPattern);
  if (endPattern !== undefined) return untilEndSplitter(endPattern);
  throw new Error('regex mode needs begin.regex, end.regex or both');
}

/** Collects records of a decoded text, tracking the bytes they took. */
class TextRecords {
  readonly records: FileRecord[] = [];
  consumed = 0;

  constructor(readonly text: string) {}

  push(from: number, to: number): void {
    const end = byteLength(this.text, to);
    this.records.push({ payload: this.text.slice(from, to), end });
    this.consumed = end;
  }

  /** Nothing before `chars` is needed any more. */
  skipTo(chars: number): void {
    this.consumed = byteLength(this.text, chars);
  }

  result(bytes: Buffer, final: boolean): SplitResult {
    return { records: this.records, consumed: final ? bytes.length : this.consumed };
  }
}

function betweenSplitter(begin: JavaPattern, end: JavaPattern): RecordSplitter {
  return {
    split(bytes, final) {
      const out = new TextRecords(TEXT.decode(bytes));
      let at = 0;
      for (;;) {
        const opening = begin.find(out.text, at);
        if (opening === null) break;
        const closing = end.find(out.text, opening.end);
        if (closing === null) {
          out.skipTo(opening.start);
          break;
        }
        out.push(opening.start, closing.end);
        at = closing.end;
      }
      return out.result(bytes, final);
    },
  };
}

function fromBeginSplitter(begin: JavaPattern): RecordSplitter {
  return {
    split(bytes, final) {
      const out = new TextRecords(TEXT.decode(bytes));
      let opening = begin.find(out.text, 0);
      while (opening !== null) {
        const next = begin.find(out.text, Math.max(opening.end, opening.start + 1));
        if (next === null) {
          if (final) out.push(opening.start, out.text.length);
          else out.skipTo(opening.start);
          break;
        }
        out.push(opening.start, next.start);
        opening = next;
      }
      return out.result(bytes, final);
    },
  };
}

function untilEndSplitter(end: JavaPattern): RecordSplitter {
  return {
    split(bytes, final) {
      const out = new TextRecords(TEXT.decode(bytes));
      let at = 0;
      for (;;) {
        const closing = end.find(out.text, at);
        if (closing === null || closing.end === at) break;
        out.push(at, closing.end);
        at = closing.end;
      }
      return out.result(bytes, final);
    },
  };
}

/**
 * Fixed-size byte chunks (`binary.chunked`); a shorter last chunk only when `final`.
 * @example
 * chunkSplitter(2).split(Buffer.from('abc'), true) // 'ab', 'c' as Buffers
 */
export function chunkSplitter(size: number): RecordSplitter {
  return {
    split(bytes, final) {
      const records: FileRecord[] = [];
      let at = 0;
      while (bytes.length - at >= size || (final && at < bytes.length)) {
        const to = Math.min(at + size, bytes.length);
        records.push({ payload: Buffer.from(bytes.subarray(at, to)), end: to });
        at = to;
      }
      return { records, consumed: at };
    },
  };
}

/**
 * The whole content as one record once the file is complete: text (`text.full`) or bytes
 * (`binary.full`).
 * @example
 * wholeSplitter('text').split(Buffer.from('{"a":1}'), true) // '{"a":1}'
 */
export function wholeSplitter(kind: 'text' | 'binary'): RecordSplitter {
  return {
    split(bytes, final) {
      if (!final) return { records: [], consumed: 0 };
      const payload = kind === 'text' ? TEXT.decode(bytes) : Buffer.from(bytes);
      return { records: [{ payload, end: bytes.length }], consumed: bytes.length };
    },
  };
}

/** The splitter of a mode. */
export function splitterFor(
  mode: FileMode,
  options: { readonly begin?: string; readonly end?: string; readonly bufferSize: number },
): RecordSplitter {
  switch (mode) {
    case 'line':
      return lineSplitter();
    case 'regex':
      return regexSplitter(options.begin, options.end);
    case 'text.full':
      return wholeSplitter('text');
    case 'binary.full':
      return wholeSplitter('binary');
    case 'binary.chunked':
      return chunkSplitter(options.bufferSize);
  }
}
