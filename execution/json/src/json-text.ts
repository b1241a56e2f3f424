// JSON text in and out, as Siddhi's json functions read and write it: strict JSON first, then the
// permissive form Jayway JsonPath (json-smart) accepts — single quotes, unquoted keys and words.
// Objects from other extensions (JS Maps and Sets) serialise as JSON objects and arrays.

/** A parsed JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A parsed JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Text that is not JSON, even permissively read. */
export class InvalidJsonError extends Error {
  override readonly name = 'InvalidJsonError';

  constructor(text: string, detail: string) {
    super(`The input JSON is not a valid JSON (${detail}). Input JSON - ${text}`);
  }
}

/**
 * Parses JSON text; falls back to the permissive syntax Siddhi accepts (`{name:'John'}`).
 * @example
 * parseJson("{'name' : 'John', age: 23}"); // { name: 'John', age: 23 }
 */
export function parseJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return new PermissiveParser(text).parseDocument();
  }
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON value for any attribute value: strings as they are, Maps as objects (keys as
 * strings), Sets and arrays as arrays, non-finite numbers and `undefined` as null. Always a
 * fresh structure, so callers may modify it.
 * @example
 * toJsonValue(new Map([['a', 1]])); // { a: 1 }
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return Number(value);
    case 'object':
      break;
    default:
      // functions and symbols have no JSON form
      return null;
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Set) return [...(value as Set<unknown>)].map(toJsonValue);
  if (value instanceof Map) {
    const out: JsonObject = {};
    for (const [k, v] of value as Map<unknown, unknown>) out[String(k)] = toJsonValue(v);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v);
  return out;
}

/**
 * JSON text for any attribute value (see `toJsonValue`).
 * @example
 * toJsonText({ user: 'david' }); // '{"user":"david"}'
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(toJsonValue(value));
}

/**
 * A key equal for equal JSON values whatever their object key order (as Java's map equality).
 * @example
 * canonicalJson({ b: 1, a: 2 }) === canonicalJson({ a: 2, b: 1 }); // true
 */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const WORD_END = /[\s,:}\]]/;

/** A recursive-descent reader of permissive JSON (json-smart's permissive mode, simplified). */
class PermissiveParser {
  #at = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    const value = this.#value();
    this.#skipSpace();
    if (this.#at < this.text.length) this.#fail('unexpected text after the value');
    return value;
  }

  #value(): JsonValue {
    this.#skipSpace();
    const c = this.text[this.#at];
    if (c === '{') return this.#object();
    if (c === '[') return this.#array();
    if (c === '"' || c === "'") return this.#string(c);
    if (c === undefined) this.#fail('unexpected end');
    return this.#word();
  }

  #object(): JsonObject {
    this.#at++;
    const out: JsonObject = {};
    this.#skipSpace();
    if (this.text[this.#at] === '}') {
      this.#at++;
      return out;
    }
    for (;;) {
      this.#skipSpace();
      const c = this.text[this.#at];
      const key = c === '"' || c === "'" ? this.#string(c) : this.#bareWord();
      this.#skipSpace();
      if (this.text[this.#at] !== ':') this.#fail(`expected ':' after key '${key}'`);
      this.#at++;
      out[key] = this.#value();
      this.#skipSpace();
      const next = this.text[this.#at++];
      if (next === '}') return out;
      if (next !== ',') this.#fail("expected ',' or '}' in an object");
    }
  }

  #array(): JsonValue[] {
    this.#at++;
    const out: JsonValue[] = [];
    this.#skipSpace();
    if (this.text[this.#at] === ']') {
      this.#at++;
      return out;
    }
    for (;;) {
      out.push(this.#value());
      this.#skipSpace();
      const next = this.text[this.#at++];
      if (next === ']') return out;
      if (next !== ',') this.#fail("expected ',' or ']' in an array");
    }
  }

  #string(quote: string): string {
    this.#at++;
    let out = '';
    for (;;) {
      const c = this.text[this.#at++];
      if (c === undefined) this.#fail('unterminated string');
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.#at++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          const hex = this.text.slice(this.#at, this.#at + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.#fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.#at += 4;
          break;
        }
        case undefined:
          this.#fail('unterminated string');
          break;
        default:
          out += e;
      }
    }
  }

  /** An unquoted key. */
  #bareWord(): string {
    const start = this.#at;
    while (this.#at < this.text.length && !WORD_END.test(this.text[this.#at] ?? '')) this.#at++;
    if (this.#at === start) this.#fail('expected a key');
    return this.text.slice(start, this.#at);
  }

  /** `true`, `false`, `null`, a number, or an unquoted string. */
  #word(): JsonValue {
    const start = this.#at;
    while (this.#at < this.text.length && !/[,}\]]/.test(this.text[this.#at] ?? '')) this.#at++;
    const word = this.text.slice(start, this.#at).trim();
    if (word === '') this.#fail('expected a value');
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(word)) return Number(word);
    if (/[{[\]:"']/.test(word)) this.#fail(`unexpected '${word}'`);
    return word;
  }

  #skipSpace(): void {
    while (this.#at < this.text.length && /\s/.test(this.text[this.#at] ?? '')) this.#at++;
  }

  #fail(detail: string): never {
    throw new InvalidJsonError(this.text, `${detail} at ${String(this.#at)}`);
  }
}
