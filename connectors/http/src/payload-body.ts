// Request and response bodies from mapped payloads, and the headers that go with them: the
// user's `headers` option, with `Content-Type` derived from the sink mapper when not given
// (Siddhi: json → application/json, xml → application/xml, keyvalue → form-urlencoded…).

import type { KeyValue } from './key-value-list.js';

/** The content type of mappers that declare none (Siddhi uses `plain/text`, sic). */
export const DEFAULT_CONTENT_TYPE = 'text/plain';

const FORM = 'application/x-www-form-urlencoded';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof ArrayBuffer)
  );
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

/**
 * The bytes or text to send for a payload: strings and bytes as they are; a keyvalue map as a
 * form (`a=1&b=x`) when the content type is form-urlencoded; anything else as JSON.
 * @example
 * bodyOf({ symbol: 'IBM', price: 75.5 }, 'application/x-www-form-urlencoded') // 'symbol=IBM&price=75.5'
 */
export function bodyOf(payload: unknown, contentType: string): string | Uint8Array {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (payload instanceof Map) {
    return bodyOf(Object.fromEntries(payload as Map<unknown, unknown>), contentType);
  }
  if (isRecord(payload) && contentType.toLowerCase().startsWith(FORM)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(payload)) form.append(key, text(value));
    return form.toString();
  }
  return text(payload);
}

/**
 * Request headers from the `headers` entries, with `Content-Type` set from `contentType` when
 * the entries do not name one (names compared case-insensitively, the user's spelling kept).
 * @example
 * headersWith([['X-Id', '7']], 'application/json') // { 'X-Id': '7', 'content-type': 'application/json' }
 */
export function headersWith(
  entries: readonly KeyValue[],
  contentType: string,
): { readonly headers: Record<string, string>; readonly contentType: string } {
  const headers: Record<string, string> = {};
  let chosen: string | undefined;
  for (const [name, value] of entries) {
    headers[name] = value;
    if (name.toLowerCase() === 'content-type') chosen = value;
  }
  if (chosen === undefined) headers['content-type'] = contentType;
  return { headers, contentType: chosen ?? contentType };
}

/**
 * A body as Siddhi's http sources read it: line by line, joined with `\n` (so `\r\n` becomes
 * `\n` and one trailing line break is dropped).
 * @example
 * siddhiBodyText('{"a":1}\r\n') // '{"a":1}'
 */
export function siddhiBodyText(raw: string): string {
  if (!raw.includes('\n') && !raw.includes('\r')) return raw;
  const joined = raw.replace(/\r\n?/g, '\n');
  return joined.endsWith('\n') ? joined.slice(0, -1) : joined;
}
