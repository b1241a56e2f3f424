// The text an EventService `payload` carries: mappers (json, xml, text) make strings; bytes
// are read as UTF-8; anything else (passThrough events) goes out as JSON.

/**
 * A mapped payload as the `Event.payload` string.
 * @example
 * payloadText('{"a":1}'); // '{"a":1}'
 * payloadText({ timestamp: 1, data: ['x'] }); // '{"timestamp":1,"data":["x"]}'
 */
export function payloadText(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload).toString('utf8');
  return JSON.stringify(payload, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}
