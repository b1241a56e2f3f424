// `enable.streaming.xml.content`: XML arriving in pieces (a file read line by line) is buffered
// and cut into complete `<name …>…</name>` elements of the enclosing element's last step, each
// then mapped as one event. Comments, CDATA sections and quoted `>` are stepped over.

import { MappingError } from '@tributary/engine/extension-api';

/** The most text kept while waiting for an element to end. */
export const MAX_PENDING_CHARS = 16 * 1024 * 1024;

function isNameEnd(ch: string): boolean {
  return ch === '>' || ch === '/' || /\s/.test(ch);
}

/**
 * Cuts streamed XML into complete elements named `name` (as written, with any prefix).
 * @example
 * const chunker = new XmlElementChunker('child');
 * chunker.push('<root><child id="1"/><chi'); // ['<child id="1"/>']
 * chunker.push('ld>x</child>');              // ['<child>x</child>']
 */
export class XmlElementChunker {
  readonly #open: string;
  readonly #close: string;
  readonly #limit: number;
  #buffer = '';

  constructor(name: string, limit = MAX_PENDING_CHARS) {
    this.#open = `<${name}`;
    this.#close = `</${name}`;
    this.#limit = limit;
  }

  /** Appends text; returns the elements it completes, in order. */
  push(text: string): string[] {
    this.#buffer += text;
    const out: string[] = [];
    for (;;) {
      const start = this.#findStart();
      if (start < 0) {
        // keep what could be the beginning of a start tag cut by the piece boundary
        this.#buffer = this.#buffer.slice(Math.max(0, this.#buffer.length - this.#open.length));
        break;
      }
      const end = this.#findEnd(start);
      if (end < 0) {
        this.#buffer = this.#buffer.slice(start);
        if (this.#buffer.length > this.#limit) {
          this.#buffer = '';
          throw new MappingError(
            `a streamed XML element '${this.#open.slice(1)}' exceeds ${String(this.#limit)} characters without ending`,
          );
        }
        break;
      }
      out.push(this.#buffer.slice(start, end));
      this.#buffer = this.#buffer.slice(end);
    }
    return out;
  }

  #findStart(): number {
    const b = this.#buffer;
    let from = 0;
    for (;;) {
      const at = b.indexOf(this.#open, from);
      if (at < 0) return -1;
      const next = b.charAt(at + this.#open.length);
      if (next === '' || isNameEnd(next)) return at;
      from = at + 1;
    }
  }

  /** End (exclusive) of the element starting at `start`, or -1 when it has not ended yet. */
  #findEnd(start: number): number {
    const b = this.#buffer;
    let depth = 0;
    let pos = start;
    for (;;) {
      const lt = b.indexOf('<', pos);
      if (lt < 0) return -1;
      if (b.startsWith('<!--', lt)) {
        const close = b.indexOf('-->', lt + 4);
        if (close < 0) return -1;
        pos = close + 3;
        continue;
      }
      if (b.startsWith('<![CDATA[', lt)) {
        const close = b.indexOf(']]>', lt + 9);
        if (close < 0) return -1;
        pos = close + 3;
        continue;
      }
      const gt = tagEnd(b, lt + 1);
      if (gt < 0) return -1;
      pos = gt + 1;
      if (this.#isTag(b, lt, this.#close)) {
        depth -= 1;
        if (depth === 0) return pos;
      } else if (this.#isTag(b, lt, this.#open)) {
        if (b.charAt(gt - 1) === '/') {
          if (depth === 0) return pos;
        } else {
          depth += 1;
        }
      }
    }
  }

  #isTag(b: string, at: number, prefix: string): boolean {
    return b.startsWith(prefix, at) && isNameEnd(b.charAt(at + prefix.length));
  }
}

/** Index of the `>` closing a tag whose text starts at `from`, skipping quoted values. */
function tagEnd(b: string, from: number): number {
  let quote = '';
  for (let i = from; i < b.length; i += 1) {
    const ch = b.charAt(i);
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '>') {
      return i;
    }
  }
  return -1;
}
