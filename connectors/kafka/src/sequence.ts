// Siddhi's sequence header, written by sinks with `sequence.id` (and by `kafkaMultiDC`) and read
// by sources with `seq.enabled` (and by `kafkaMultiDC`): text payloads start `<id>:<no>~`, binary
// ones with a 4-byte big-endian length and the same header. Sources drop what they saw already.

/** Separates the header from the payload (text) and ends the header (binary). */
export const SEQUENCE_DELIMITER = '~';
/** Separates the sequence id from the number. */
export const SEQUENCE_FIELD_SEPARATOR = ':';

/** A payload split into its sequence header and body. */
export interface Sequenced {
  readonly sequenceId: string;
  readonly sequenceNo: number;
  readonly body: string | Uint8Array;
}

/** A payload that should carry a sequence header but does not. */
export class SequenceHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SequenceHeaderError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Prefixes `payload` with the header `<id>:<no>~`: text stays text; bytes get Siddhi's binary
 * framing (a 4-byte length of the header, then the header, then the bytes).
 * @example
 * withSequence('{"a":1}', 'sink-1', 7) // 'sink-1:7~{"a":1}'
 */
export function withSequence(
  payload: string | Uint8Array,
  sequenceId: string,
  sequenceNo: number,
): string | Uint8Array {
  const header = `${sequenceId}${SEQUENCE_FIELD_SEPARATOR}${String(sequenceNo)}${SEQUENCE_DELIMITER}`;
  if (typeof payload === 'string') return header + payload;
  const head = encoder.encode(header);
  const framed = new Uint8Array(4 + head.length + payload.length);
  new DataView(framed.buffer).setInt32(0, head.length);
  framed.set(head, 4);
  framed.set(payload, 4 + head.length);
  return framed;
}

function parseHeader(header: string): { sequenceId: string; sequenceNo: number } {
  const separator = header.lastIndexOf(SEQUENCE_FIELD_SEPARATOR);
  const sequenceNo = Number(header.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(sequenceNo) || sequenceNo < 0) {
    throw new SequenceHeaderError(`'${header}' is not a sequence header '<id>:<number>'`);
  }
  return { sequenceId: header.slice(0, separator), sequenceNo };
}

/**
 * Splits a payload written by `withSequence`; throws `SequenceHeaderError` when it has no
 * header.
 * @example
 * readSequence('sink-1:7~{"a":1}') // { sequenceId: 'sink-1', sequenceNo: 7, body: '{"a":1}' }
 */
export function readSequence(payload: string | Uint8Array): Sequenced {
  if (typeof payload === 'string') {
    const end = payload.indexOf(SEQUENCE_DELIMITER);
    if (end <= 0) {
      throw new SequenceHeaderError('the message carries no sequence number');
    }
    return { ...parseHeader(payload.slice(0, end)), body: payload.slice(end + 1) };
  }
  if (payload.length < 4) throw new SequenceHeaderError('the message carries no sequence number');
  const size = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getInt32(0);
  if (size < 2 || 4 + size > payload.length) {
    throw new SequenceHeaderError('the message carries no sequence number');
  }
  const header = decoder.decode(payload.subarray(4, 4 + size - 1));
  return { ...parseHeader(header), body: payload.subarray(4 + size) };
}

/**
 * The last sequence number seen per sequence id and partition (Siddhi's `SequenceKey`): a
 * message whose number is not above it is a duplicate.
 * @example
 * const seen = new SequenceTracker();
 * seen.accept('s', 0, 1); // true
 * seen.accept('s', 0, 1); // false (duplicate)
 */
export class SequenceTracker {
  #last = new Map<string, number>();

  /** True (and remembered) when `sequenceNo` is new for the id and partition. */
  accept(sequenceId: string, partition: number, sequenceNo: number): boolean {
    const key = `${String(partition)}${SEQUENCE_FIELD_SEPARATOR}${sequenceId}`;
    const last = this.#last.get(key) ?? -1;
    if (sequenceNo <= last) return false;
    this.#last.set(key, sequenceNo);
    return true;
  }

  /** Plain data for snapshots. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#last);
  }

  restore(state: unknown): void {
    const next = new Map<string, number>();
    if (typeof state === 'object' && state !== null) {
      for (const [key, value] of Object.entries(state)) {
        if (typeof value === 'number') next.set(key, value);
      }
    }
    this.#last = next;
  }
}
