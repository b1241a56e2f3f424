// Avro logical types the mappers understand beyond their underlying types: `timestamp-millis`
// reads as a Date (a long attribute takes its milliseconds, a string its ISO text) and
// `decimal` (bytes or fixed, two's complement big-endian) reads as an exact AvroDecimal.
// Other logical types (date, time-*, uuid, timestamp-micros…) pass as their underlying values.

import avro from 'avsc';

/** An exact decimal read from (or written to) an Avro `decimal`: unscaled digits and a scale. */
export class AvroDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  /**
   * Parses decimal text (`-12.340`, `1e-3`) at a scale; undefined when it needs more digits.
   * @example
   * AvroDecimal.parse('12.5', 2)?.toString() // '12.50'
   */
  static parse(text: string, scale: number): AvroDecimal | undefined {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const sign = m[1] === '-' ? -1n : 1n;
    const exponent = Number(m[4] ?? '0');
    const whole = m[2] ?? '';
    const fraction = m[3] ?? '';
    // digits × 10^(exponent − fraction length) must be an integer at `scale`
    const shift = scale + exponent - fraction.length;
    const digits = BigInt(`${whole}${fraction}` || '0');
    if (shift >= 0) return new AvroDecimal(sign * digits * 10n ** BigInt(shift), scale);
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) return undefined;
    return new AvroDecimal((sign * digits) / divisor, scale);
  }

  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled)
      .toString()
      .padStart(this.scale + 1, '0');
    const text =
      this.scale === 0 ? digits : `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    return negative ? `-${text}` : text;
  }

  toNumber(): number {
    return Number(this.toString());
  }
}

function toTwosComplement(value: bigint, size?: number): Buffer {
  let hex = (value < 0n ? -value : value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (value < 0n) {
    // two's complement of the magnitude
    const inverted = Buffer.from(bytes.map((b) => 255 - b));
    let carry = 1;
    for (let i = inverted.length - 1; i >= 0 && carry > 0; i -= 1) {
      const sum = (inverted[i] ?? 0) + carry;
      inverted[i] = sum & 255;
      carry = sum >> 8;
    }
    bytes = inverted;
    if (((bytes[0] ?? 0) & 0x80) === 0) bytes = Buffer.concat([Buffer.from([255]), bytes]);
  } else if (((bytes[0] ?? 0) & 0x80) !== 0) {
    bytes = Buffer.concat([Buffer.from([0]), bytes]);
  }
  if (size === undefined || bytes.length === size) return bytes;
  if (bytes.length > size)
    throw new RangeError(`needs ${String(bytes.length)} bytes, the fixed has ${String(size)}`);
  return Buffer.concat([Buffer.alloc(size - bytes.length, value < 0n ? 255 : 0), bytes]);
}

function fromTwosComplement(bytes: Buffer): bigint {
  if (bytes.length === 0) return 0n;
  const magnitude = BigInt(`0x${bytes.toString('hex')}`);
  return ((bytes[0] ?? 0) & 0x80) === 0 ? magnitude : magnitude - (1n << BigInt(bytes.length * 8));
}

interface DecimalSchema {
  readonly precision?: number;
  readonly scale?: number;
}

class DecimalType extends avro.types.LogicalType {
  private readonly scale: number;
  private readonly size: number | undefined;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    this.scale = (schema as DecimalSchema).scale ?? 0;
    const underlying = this.underlyingType;
    this.size = underlying instanceof avro.types.FixedType ? underlying.size : undefined;
  }

  protected override _fromValue(val: unknown): AvroDecimal {
    return new AvroDecimal(fromTwosComplement(val as Buffer), this.scale);
  }

  protected override _toValue(any: unknown): Buffer | undefined {
    let decimal: AvroDecimal | undefined;
    if (any instanceof AvroDecimal) decimal = AvroDecimal.parse(any.toString(), this.scale);
    else if (typeof any === 'bigint') decimal = AvroDecimal.parse(any.toString(), this.scale);
    else if (typeof any === 'number' && Number.isFinite(any)) {
      decimal = AvroDecimal.parse(String(any), this.scale);
    } else if (typeof any === 'string') decimal = AvroDecimal.parse(any, this.scale);
    if (decimal === undefined) return undefined;
    try {
      return toTwosComplement(decimal.unscaled, this.size);
    } catch {
      return undefined;
    }
  }

  protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'logical:decimal')) return (v) => v;
    return undefined;
  }
}

class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(val: unknown): Date | number | bigint {
    // beyond the ±8.64e15 ms a Date holds, the milliseconds stay a number (or bigint)
    const date = new Date(Number(val));
    return Number.isNaN(date.getTime()) || typeof val === 'bigint'
      ? (val as number | bigint)
      : date;
  }

  protected override _toValue(any: unknown): number | undefined {
    if (any instanceof Date) return Number.isNaN(any.getTime()) ? undefined : any.getTime();
    if (typeof any === 'number' || typeof any === 'bigint') return any as number;
    if (typeof any === 'string') {
      const ms = Date.parse(any);
      return Number.isNaN(ms) ? undefined : ms;
    }
    return undefined;
  }

  protected override _resolve(type: avro.Type): ((v: unknown) => unknown) | undefined {
    if (avro.Type.isType(type, 'long', 'abstract:long', 'logical:timestamp-millis')) {
      return (v) => (v instanceof Date ? v : this._fromValue(v));
    }
    return undefined;
  }
}

/** The logical types registered with every schema the mappers parse. */
export const LOGICAL_TYPES = {
  decimal: DecimalType,
  'timestamp-millis': TimestampMillisType,
};
