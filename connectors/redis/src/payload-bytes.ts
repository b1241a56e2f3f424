// The bytes a sink sends for a mapped payload: text as UTF-8, bytes as they are. Other values
// (a passThrough event, a keyvalue map) have no wire form of their own, so they are refused
// with a hint to name a text or binary @map.

const encoder = new TextEncoder();

/** A payload that cannot be sent as a message body. */
export class PayloadTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadTypeError';
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The message body of a payload.
 * @example
 * payloadBytes('{"a":1}', "sink 'nats'") // Uint8Array of the UTF-8 text
 */
export function payloadBytes(payload: unknown, where: string): Uint8Array {
  if (typeof payload === 'string') return encoder.encode(payload);
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  throw new PayloadTypeError(
    `${where}: cannot send ${describeValue(payload)} as a message body; use a text or binary ` +
      "@map (json, xml, text, csv, binary, avro…), e.g. @map(type='json')",
  );
}
