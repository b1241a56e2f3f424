// siddhi-io-tcp's wire format, so Tributary and Siddhi apps exchange events over TCP: per
// message a protocol byte (2), an int32 size of the rest, then the session id, the channel id
// (the source's `context`) and the payload, each as an int32 byte length and the bytes.
// Integers are big-endian (Netty's default).

/** The only protocol byte siddhi-io-tcp writes. */
export const TCP_PROTOCOL = 2;

/** One decoded message. */
export interface TcpFrame {
  readonly sessionId: string;
  readonly channelId: string;
  readonly data: Buffer;
}

/** Bytes that are not siddhi-io-tcp frames. */
export class TcpFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TcpFrameError';
  }
}

const HEADER = 5;

/**
 * Encodes one message.
 * @example
 * encodeFrame('s-1', 'App/Stream', Buffer.from([0, 0, 0, 0])) // 2, size, "s-1", "App/Stream", bytes
 */
export function encodeFrame(sessionId: string, channelId: string, data: Uint8Array): Buffer {
  const session = Buffer.from(sessionId, 'utf8');
  const channel = Buffer.from(channelId, 'utf8');
  const size = 4 + session.length + 4 + channel.length + 4 + data.length;
  const out = Buffer.allocUnsafe(HEADER + size);
  let at = out.writeUInt8(TCP_PROTOCOL, 0);
  at = out.writeInt32BE(size, at);
  at = out.writeInt32BE(session.length, at);
  at += session.copy(out, at);
  at = out.writeInt32BE(channel.length, at);
  at += channel.copy(out, at);
  at = out.writeInt32BE(data.length, at);
  out.set(data, at);
  return out;
}

/**
 * Splits a byte stream into frames, keeping partial ones for the next chunk.
 * @example
 * const decoder = new FrameDecoder();
 * for (const frame of decoder.push(chunk)) handle(frame);
 */
export class FrameDecoder {
  #pending: Buffer = Buffer.alloc(0);

  /** Bytes waiting for the rest of their frame. */
  get buffered(): number {
    return this.#pending.length;
  }

  push(chunk: Buffer): TcpFrame[] {
    const bytes = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: TcpFrame[] = [];
    let at = 0;
    while (bytes.length - at >= HEADER) {
      const protocol = bytes.readUInt8(at);
      if (protocol !== TCP_PROTOCOL) {
        throw new TcpFrameError(
          `expected protocol byte ${String(TCP_PROTOCOL)}, found ${String(protocol)} at a message start`,
        );
      }
      const size = bytes.readInt32BE(at + 1);
      if (size < 12)
        throw new TcpFrameError(`a message announces ${String(size)} bytes, fewer than 12`);
      if (bytes.length - at - HEADER < size) break;
      const end = at + HEADER + size;
      let p = at + HEADER;
      const field = (what: string): Buffer => {
        const length = bytes.readInt32BE(p);
        p += 4;
        if (length < 0 || p + length > end) {
          throw new TcpFrameError(`the ${what} length ${String(length)} runs past its message`);
        }
        const value = bytes.subarray(p, p + length);
        p += length;
        return value;
      };
      const sessionId = field('session id').toString('utf8');
      const channelId = field('channel id').toString('utf8');
      const data = Buffer.from(field('payload'));
      if (p !== end)
        throw new TcpFrameError(`${String(end - p)} byte(s) follow a message's payload`);
      frames.push({ sessionId, channelId, data });
      at = end;
    }
    this.#pending = at === bytes.length ? Buffer.alloc(0) : Buffer.from(bytes.subarray(at));
    return frames;
  }
}
