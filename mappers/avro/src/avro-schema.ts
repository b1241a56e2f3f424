// Avro schemas for the mappers: parsed from `schema.def`, fetched from a Confluent-compatible
// schema registry (`GET /schemas/ids/{id}`, cached per id), or generated from the stream's
// attributes (a flat record named after the stream, as Siddhi generates it).

import type { IoAttribute } from '@tributary/engine/extension-api';
import avro from 'avsc';
import { LOGICAL_TYPES } from './logical-types.js';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Avro longs read exactly: avsc's own long type loses precision past 2^52 when it zigzags a
 * JS number, so longs are encoded from 64-bit integers; a value outside the safe range of a
 * JS number reads as a bigint (which a long attribute then refuses instead of rounding).
 */
const exactLong = avro.types.LongType.__with({
  fromBuffer(buf: Buffer): number | bigint {
    // two 32-bit halves are exact while the value is a safe integer; BigInt only past that
    const v = buf.readInt32LE(4) * 4_294_967_296 + buf.readUInt32LE(0);
    return Number.isSafeInteger(v) ? v : buf.readBigInt64LE(0);
  },
  toBuffer(val: number | bigint): Buffer {
    const buf = Buffer.allocUnsafe(8);
    if (typeof val === 'number') {
      const high = Math.floor(val / 4_294_967_296);
      buf.writeInt32LE(high, 4);
      buf.writeUInt32LE(val - high * 4_294_967_296, 0);
    } else {
      buf.writeBigInt64LE(val);
    }
    return buf;
  },
  fromJSON(val: unknown): number | bigint {
    return typeof val === 'string' ? BigInt(val) : (val as number);
  },
  toJSON(val: number | bigint): number | string {
    return typeof val === 'bigint' ? val.toString() : val;
  },
  isValid(val: unknown): boolean {
    return (
      (typeof val === 'number' && Number.isSafeInteger(val)) ||
      (typeof val === 'bigint' && val >= LONG_MIN && val <= LONG_MAX)
    );
  },
  compare(a: number | bigint, b: number | bigint): number {
    return a < b ? -1 : a > b ? 1 : 0;
  },
});

/**
 * Parses a schema (JSON text or an already parsed object) with the mappers' logical types.
 * @example
 * parseSchema('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}').typeName // 'record'
 */
export function parseSchema(schema: string | object): avro.Type {
  const parsed: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
  // `{"type":"long"}` objects (a logical type's underlying long among them) bypass the
  // registry, so a hook swaps in the exact long — after a registered logical type was built
  const logicalSeen = new WeakSet<object>();
  const typeHook = (schema: avro.Schema): avro.Type | undefined => {
    if (typeof schema !== 'object' || (schema as { type?: unknown }).type !== 'long')
      return undefined;
    const logical = (schema as { logicalType?: unknown }).logicalType;
    if (
      typeof logical === 'string' &&
      Object.hasOwn(LOGICAL_TYPES, logical) &&
      !logicalSeen.has(schema)
    ) {
      logicalSeen.add(schema);
      return undefined;
    }
    return exactLong;
  };
  return avro.Type.forSchema(parsed as avro.Schema, {
    logicalTypes: LOGICAL_TYPES,
    registry: { long: exactLong },
    typeHook,
    omitRecordMethods: true,
    wrapUnions: 'auto',
  });
}

const AVRO_TYPE: Readonly<Record<string, string>> = {
  string: 'string',
  int: 'int',
  long: 'long',
  float: 'float',
  double: 'double',
  bool: 'boolean',
};

/**
 * The record schema Siddhi generates for a stream without `schema.def`/`schema.registry`:
 * one field per attribute, named and typed after it (object attributes cannot be generated).
 * @example
 * generatedSchema('S', [{ name: 'a', type: 'int' }]) // { type: 'record', name: 'S', fields: [{ name: 'a', type: 'int' }] }
 */
export function generatedSchema(streamId: string, attributes: readonly IoAttribute[]): object {
  return {
    type: 'record',
    name: streamId,
    fields: attributes.map((a) => {
      const type = AVRO_TYPE[a.type];
      if (type === undefined) {
        throw new Error(
          `avro mapper of stream '${streamId}': attribute '${a.name}' is an object, for which ` +
            'no schema can be generated; give schema.def or schema.registry',
        );
      }
      return { name: a.name, type };
    }),
  };
}

/** How to reach a schema registry. */
export interface RegistryOptions {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Milliseconds one request may take (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * A Confluent-compatible schema registry: schemas fetched by id once, then served from the
 * cache (a failed fetch is forgotten, so a later call tries again).
 * @example
 * const registry = new SchemaRegistry({ url: 'http://localhost:8081' });
 * const type = await registry.byId(7);
 */
export class SchemaRegistry {
  private readonly cache = new Map<number, Promise<avro.Type>>();
  private readonly loaded = new Map<number, avro.Type>();

  constructor(private readonly options: RegistryOptions) {}

  get url(): string {
    return this.options.url;
  }

  /** A schema already fetched, without waiting. */
  cached(id: number): avro.Type | undefined {
    return this.loaded.get(id);
  }

  /** Fetches (once) the schema of an id. */
  byId(id: number): Promise<avro.Type> {
    let pending = this.cache.get(id);
    if (pending === undefined) {
      pending = this.fetch(id).then(
        (type) => {
          this.loaded.set(id, type);
          return type;
        },
        (error: unknown) => {
          this.cache.delete(id);
          throw error;
        },
      );
      this.cache.set(id, pending);
    }
    return pending;
  }

  private async fetch(id: number): Promise<avro.Type> {
    const url = `${this.options.url.replace(/\/+$/, '')}/schemas/ids/${String(id)}`;
    const headers: Record<string, string> = {
      accept: 'application/vnd.schemaregistry.v1+json, application/json',
    };
    if (this.options.username !== undefined && this.options.username !== '') {
      const token = Buffer.from(`${this.options.username}:${this.options.password ?? ''}`).toString(
        'base64',
      );
      headers.authorization = `Basic ${token}`;
    }
    let response: Response;
    try {
      response = await fetch(url, {
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new Error(`cannot reach the schema registry at ${url}`, { cause: error });
    }
    const body = await response.text();
    if (!response.ok) {
      throw new Error(
        `the schema registry answered ${String(response.status)} for ${url}: ${body.slice(0, 200)}`,
      );
    }
    let schema: unknown;
    try {
      schema = (JSON.parse(body) as { schema?: unknown }).schema;
    } catch (error) {
      throw new Error(`the schema registry's answer for ${url} is not JSON`, { cause: error });
    }
    if (typeof schema !== 'string') {
      throw new Error(`the schema registry's answer for ${url} has no "schema" text`);
    }
    try {
      return parseSchema(schema);
    } catch (error) {
      throw new Error(`schema ${String(id)} from ${url} is not a valid Avro schema`, {
        cause: error,
      });
    }
  }
}

/** The Confluent wire format's magic byte. */
export const CONFLUENT_MAGIC = 0;

/**
 * Splits a Confluent-framed message: magic byte 0, a big-endian int32 schema id, the Avro body.
 * @example
 * confluentFrame(Buffer.from([0, 0, 0, 0, 7, 2])) // { id: 7, body: <Buffer 02> }
 */
export function confluentFrame(
  bytes: Buffer,
): { readonly id: number; readonly body: Buffer } | string {
  if (bytes.length < 5)
    return `it has ${String(bytes.length)} byte(s), fewer than the 5 of the Confluent header`;
  if (bytes[0] !== CONFLUENT_MAGIC) {
    return `its first byte is ${String(bytes[0])}, not the Confluent magic byte 0`;
  }
  return { id: bytes.readInt32BE(1), body: bytes.subarray(5) };
}

/** A body framed in the Confluent wire format with a schema id. */
export function confluentMessage(id: number, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(CONFLUENT_MAGIC, 0);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, body]);
}

/** The message of an error (or the text of anything else thrown). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}
