// A tiny schema helper: one description of a value checks request bodies and configuration
// (every problem reported at once, each with its path) and yields the JSON Schema the
// OpenAPI document shows, so validation and documentation cannot drift apart.

/** One thing wrong with a value: where (`sources[0].streamName`) and what. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** A JSON Schema object (the subset the helper produces). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** What kind of value a schema describes; environment overrides convert strings by it. */
export type SchemaKind =
  'string' | 'number' | 'boolean' | 'enum' | 'array' | 'object' | 'record' | 'union' | 'unknown';

/**
 * Checks and converts a value. `parse` records problems under `path` and returns the value
 * (meaningful only when no problem was recorded).
 */
export interface Schema<T> {
  readonly kind: SchemaKind;
  readonly description?: string;
  /** Objects: their fields (configuration overrides walk them). */
  readonly fields?: Readonly<Record<string, Schema<unknown>>>;
  /** Arrays: their items. */
  readonly items?: Schema<unknown>;
  parse(value: unknown, path: string, problems: Problem[]): T;
  jsonSchema(): JsonSchema;
}

/** A field that may be absent (`undefined` then), or absent with a default. */
export interface FieldSchema<T> extends Schema<T> {
  readonly optional: true;
  readonly inner: Schema<unknown>;
}

/** The type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Fields = Readonly<Record<string, Schema<unknown>>>;

type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends FieldSchema<infer T> ? (undefined extends T ? K : never) : never;
}[keyof F];

/** The object type of a field map: optional fields without defaults may be absent. */
export type InferObject<F extends Fields> = {
  readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]>;
} & { readonly [K in OptionalKeys<F>]?: Infer<F[K]> };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return typeof value;
  }
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${String(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  return description === undefined ? schema : { ...schema, description };
}

export interface StringOptions {
  readonly description?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** Says what the pattern requires, for the problem message. */
  readonly patternHint?: string;
}

function string(options: StringOptions = {}): Schema<string> {
  const { minLength = 0, maxLength, pattern } = options;
  return {
    kind: 'string',
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(value, path, problems) {
      if (typeof value !== 'string') {
        problems.push({ path, message: `must be a string, got ${describe(value)}` });
        return '';
      }
      if (value.length < minLength) {
        problems.push({
          path,
          message: minLength === 1 ? 'must not be empty' : `must have ${String(minLength)}+ chars`,
        });
      } else if (maxLength !== undefined && value.length > maxLength) {
        problems.push({ path, message: `must have at most ${String(maxLength)} characters` });
      } else if (pattern !== undefined && !pattern.test(value)) {
        problems.push({
          path,
          message: `${options.patternHint ?? `must match ${String(pattern)}`}, got ${describe(value)}`,
        });
      }
      return value;
    },
    jsonSchema: () =>
      withDescription(
        {
          type: 'string',
          ...(minLength > 0 ? { minLength } : {}),
          ...(maxLength === undefined ? {} : { maxLength }),
          ...(pattern === undefined ? {} : { pattern: pattern.source }),
        },
        options.description,
      ),
  };
}

export interface NumberOptions {
  readonly description?: string;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

function number(options: NumberOptions = {}): Schema<number> {
  const { integer = false, min, max } = options;
  const range =
    min !== undefined && max !== undefined
      ? ` from ${String(min)} to ${String(max)}`
      : min !== undefined
        ? ` of at least ${String(min)}`
        : max !== undefined
          ? ` of at most ${String(max)}`
          : '';
  const expected = `${integer ? 'an integer' : 'a number'}${range}`;
  return {
    kind: 'number',
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(value, path, problems) {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!integer || Number.isInteger(value)) &&
        (min === undefined || value >= min) &&
        (max === undefined || value <= max);
      if (!ok) problems.push({ path, message: `must be ${expected}, got ${describe(value)}` });
      return typeof value === 'number' ? value : 0;
    },
    jsonSchema: () =>
      withDescription(
        {
          type: integer ? 'integer' : 'number',
          ...(min === undefined ? {} : { minimum: min }),
          ...(max === undefined ? {} : { maximum: max }),
        },
        options.description,
      ),
  };
}

function boolean(options: { readonly description?: string } = {}): Schema<boolean> {
  return {
    kind: 'boolean',
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(value, path, problems) {
      if (typeof value !== 'boolean') {
        problems.push({ path, message: `must be true or false, got ${describe(value)}` });
        return false;
      }
      return value;
    },
    jsonSchema: () => withDescription({ type: 'boolean' }, options.description),
  };
}

function oneOf<const V extends string>(
  values: readonly V[],
  options: { readonly description?: string } = {},
): Schema<V> {
  return {
    kind: 'enum',
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(value, path, problems) {
      if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
        problems.push({
          path,
          message: `must be one of ${values.map((v) => `'${v}'`).join(', ')}, got ${describe(value)}`,
        });
        // A placeholder: the recorded problem makes the parsed value unused.
        return '' as V;
      }
      return value as V;
    },
    jsonSchema: () => withDescription({ type: 'string', enum: values }, options.description),
  };
}

function array<T>(
  item: Schema<T>,
  options: {
    readonly description?: string;
    readonly minItems?: number;
    readonly maxItems?: number;
  } = {},
): Schema<readonly T[]> {
  const { minItems = 0, maxItems } = options;
  return {
    kind: 'array',
    items: item,
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(value, path, problems) {
      if (!Array.isArray(value)) {
        problems.push({ path, message: `must be an array, got ${describe(value)}` });
        return [];
      }
      if (value.length < minItems) {
        problems.push({ path, message: `must have at least ${String(minItems)} item(s)` });
      }
      if (maxItems !== undefined && value.length > maxItems) {
        problems.push({ path, message: `must have at most ${String(maxItems)} items` });
        return [];
      }
      return value.map((v: unknown, i) => item.parse(v, at(path, i), problems));
    },
    jsonSchema: () =>
      withDescription(
        {
          type: 'array',
          items: item.jsonSchema(),
          ...(minItems > 0 ? { minItems } : {}),
          ...(maxItems === undefined ? {} : { maxItems }),
        },
        options.description,
      ),
  };
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object<F extends Fields>(
  fields: F,
  options: { readonly description?: string } = {},
): Schema<InferObject<F>> {
  const known = Object.keys(fields);
  return {
    kind: 'object',
    fields,
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(value, path, problems) {
      if (!isPlainObject(value)) {
        problems.push({ path, message: `must be an object, got ${describe(value)}` });
        return {} as InferObject<F>;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(fields, key)) {
          problems.push({
            path: at(path, key),
            message: `is not a known field (known: ${known.join(', ')})`,
          });
        }
      }
      for (const [key, schema] of Object.entries(fields)) {
        const parsed = schema.parse(value[key], at(path, key), problems);
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as InferObject<F>;
    },
    jsonSchema() {
      const required = Object.entries(fields)
        .filter(([, schema]) => !('optional' in schema))
        .map(([key]) => key);
      return withDescription(
        {
          type: 'object',
          properties: Object.fromEntries(
            Object.entries(fields).map(([key, schema]) => [key, schema.jsonSchema()]),
          ),
          ...(required.length > 0 ? { required } : {}),
          additionalProperties: false,
        },
        options.description,
      );
    },
  };
}

/** An object with free keys, each value checked by `value`. */
function record<T>(
  value: Schema<T>,
  options: { readonly description?: string } = {},
): Schema<Readonly<Record<string, T>>> {
  return {
    kind: 'record',
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(input, path, problems) {
      if (!isPlainObject(input)) {
        problems.push({ path, message: `must be an object, got ${describe(input)}` });
        return {};
      }
      return Object.fromEntries(
        Object.entries(input).map(([k, v]) => [k, value.parse(v, at(path, k), problems)]),
      );
    },
    jsonSchema: () =>
      withDescription(
        { type: 'object', additionalProperties: value.jsonSchema() },
        options.description,
      ),
  };
}

/**
 * One of several object shapes, told apart by the string field `tag`.
 * @example
 * s.tagged('type', { CSV: csvSchema, RANDOM: randomSchema })
 */
function tagged<V extends Readonly<Record<string, Schema<object>>>>(
  tag: string,
  variants: V,
  options: { readonly description?: string } = {},
): Schema<Infer<V[keyof V]>> {
  const names = Object.keys(variants);
  return {
    kind: 'union',
    ...(options.description === undefined ? {} : { description: options.description }),
    parse(value, path, problems) {
      const name = isPlainObject(value) ? value[tag] : undefined;
      const variant = typeof name === 'string' ? variants[name] : undefined;
      if (variant === undefined) {
        problems.push({
          path: at(path, tag),
          message: `must be one of ${names.map((n) => `'${n}'`).join(', ')}, got ${describe(name)}`,
        });
        return {} as Infer<V[keyof V]>;
      }
      return variant.parse(value, path, problems) as Infer<V[keyof V]>;
    },
    jsonSchema: () =>
      withDescription(
        {
          oneOf: Object.values(variants).map((v) => v.jsonSchema()),
          discriminator: { propertyName: tag },
        },
        options.description,
      ),
  };
}

/** Anything (checked elsewhere, e.g. event values against a stream's attributes). */
function unknownValue(options: { readonly description?: string } = {}): Schema<unknown> {
  return {
    kind: 'unknown',
    ...(options.description === undefined ? {} : { description: options.description }),
    parse: (value) => value,
    jsonSchema: () => withDescription({}, options.description),
  };
}

/** A field that may be absent; absent (or `null`) gives `undefined`. */
function optional<T>(inner: Schema<T>): FieldSchema<T | undefined> {
  return {
    kind: inner.kind,
    optional: true,
    inner,
    ...(inner.fields === undefined ? {} : { fields: inner.fields }),
    ...(inner.items === undefined ? {} : { items: inner.items }),
    ...(inner.description === undefined ? {} : { description: inner.description }),
    parse: (value, path, problems) =>
      value === undefined || value === null ? undefined : inner.parse(value, path, problems),
    jsonSchema: () => inner.jsonSchema(),
  };
}

/** A field that may be absent; absent (or `null`) gives `fallback`, checked like a value. */
function withDefault<T>(inner: Schema<T>, fallback: unknown): FieldSchema<T> {
  return {
    kind: inner.kind,
    optional: true,
    inner,
    ...(inner.fields === undefined ? {} : { fields: inner.fields }),
    ...(inner.items === undefined ? {} : { items: inner.items }),
    ...(inner.description === undefined ? {} : { description: inner.description }),
    parse: (value, path, problems) => inner.parse(value ?? fallback, path, problems),
    jsonSchema: () =>
      typeof fallback === 'object'
        ? inner.jsonSchema()
        : { ...inner.jsonSchema(), default: fallback },
  };
}

/** The schema builders. */
export const s = {
  string,
  number,
  boolean,
  oneOf,
  array,
  object,
  record,
  tagged,
  unknown: unknownValue,
  optional,
  withDefault,
};

/** The outcome of `check`. */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Checks `value` against `schema`, collecting every problem.
 * @example
 * const result = check(s.object({ appName: s.string({ minLength: 1 }) }), body);
 * if (!result.ok) console.log(result.problems); // [{ path: 'appName', message: 'must not be empty' }]
 */
export function check<T>(schema: Schema<T>, value: unknown, path = ''): Checked<T> {
  const problems: Problem[] = [];
  const parsed = schema.parse(value, path, problems);
  return problems.length === 0 ? { ok: true, value: parsed } : { ok: false, problems };
}

/** `path: message` lines, or just the message when the path is the whole value. */
export function describeProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`));
}
