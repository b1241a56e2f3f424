// A Server-Sent Events stream parser (the WHATWG event-stream format): text chunks in, one
// message per blank line out, with `data` lines joined by `\n`, `event`, `id` and `retry`.

/** One dispatched message. */
export interface SseMessage {
  /** The `event` field, `message` when none was given. */
  readonly event: string;
  readonly data: string;
  /** The last event id seen on the stream so far (`id:` fields persist). */
  readonly id: string;
}

/**
 * Parses an event stream incrementally; feed it decoded text chunks in order.
 * @example
 * const parser = new SseParser();
 * parser.push('event: tick\ndata: {"v":1}\n\n'); // [{ event: 'tick', data: '{"v":1}', id: '' }]
 */
export class SseParser {
  #buffer = '';
  #started = false;
  /** A chunk ended in `\r`: a `\n` starting the next one belongs to the same line break. */
  #pendingCr = false;
  #data: string[] = [];
  #event = '';
  #lastId = '';
  /** The reconnection time a `retry:` field set, if any. */
  retryMs: number | undefined;

  get lastEventId(): string {
    return this.#lastId;
  }

  /** Parses a chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    const buffer = this.#buffer;
    for (let i = 0; i < buffer.length; i += 1) {
      const c = buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#line(buffer.slice(start, i), out);
      if (c === 13) {
        if (i + 1 < buffer.length) {
          if (buffer.charCodeAt(i + 1) === 10) i += 1;
        } else {
          this.#pendingCr = true;
        }
      }
      start = i + 1;
    }
    this.#buffer = buffer.slice(start);
    return out;
  }

  #line(line: string, out: SseMessage[]): void {
    if (line === '') {
      this.#dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.#data.push(value);
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.#lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
  }

  #dispatch(out: SseMessage[]): void {
    if (this.#data.length === 0) {
      this.#event = '';
      return;
    }
    out.push({ event: this.#event || 'message', data: this.#data.join('\n'), id: this.#lastId });
    this.#data = [];
    this.#event = '';
  }
}
