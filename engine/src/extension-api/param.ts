// Typed option parameters of annotation-configured extensions (sources, sinks, mappers, stores,
// distribution strategies): one builder per value type; the spec's parameter map types the
// options a plugin receives, and drives validation and the generated docs.

/** The value types an option may have; `time` accepts `'1 sec'`-style strings (read as ms). */
export type OptionType = 'string' | 'int' | 'long' | 'double' | 'bool' | 'time' | 'enum' | 'list';

/** What every option parameter says about itself. */
export interface OptionParamBase {
  readonly type: OptionType;
  readonly description: string;
  /** May be left out; without a `default` the option is then `undefined`. */
  readonly optional: boolean;
  /** The default as written in docs (`'5 sec'`, `'LOG'`); parsed like a user value. */
  readonly defaultText?: string;
  /** Sinks only: the value may hold `{{attribute}}` templates, filled per event. */
  readonly dynamic: boolean;
  /** Never printed in logs or docs examples (passwords, tokens). */
  readonly secret: boolean;
  /** `enum`: the accepted values (compared case-insensitively; the spec's spelling is kept). */
  readonly values?: readonly string[];
  /** `list`: the element type and the separator (default `,`). */
  readonly element?: OptionParamBase;
  readonly separator?: string;
  /**
   * A key family: the spec key ends in `.*` (`regex.*`) and stands for every key with that
   * prefix (`regex.A`, `regex.B`); each value is parsed as `element`, and the option holds a
   * record of suffix → value (`{ A: '…', B: '…' }`), empty when no such key is given.
   */
  readonly family?: boolean;
}

/**
 * An option parameter whose parsed value has type `T`; `R` is true when the parsed options
 * always hold a value (mandatory, or optional with a default).
 */
export interface OptionParam<T, R extends boolean = boolean> extends OptionParamBase {
  /** Phantom: carries `T` and `R` for `OptionsOf`; never set at runtime. */
  readonly __value?: T;
  readonly __required?: R;
}

/** The parameter map of a spec: option key (Siddhi's dotted lower case) → parameter. */
export type ParamMap = Readonly<Record<string, OptionParam<unknown>>>;

/** The parsed options of a parameter map: mandatory/defaulted keys hold a value, others may not. */
export type OptionsOf<P extends ParamMap> = {
  readonly [K in keyof P]: P[K] extends OptionParam<infer T, infer R>
    ? R extends true
      ? T
      : T | undefined
    : never;
};

interface Common {
  readonly description: string;
  readonly dynamic?: boolean;
  readonly secret?: boolean;
}
interface Mandatory extends Common {
  readonly optional?: false;
}
interface WithDefault<T> extends Common {
  readonly optional: true;
  readonly default: T;
}
interface Optional extends Common {
  readonly optional: true;
}

type Settings<T> = Mandatory | WithDefault<T> | Optional;
type Required<S> = S extends { default: unknown }
  ? true
  : S extends { optional: true }
    ? false
    : true;

function build<T, S extends Settings<T>>(
  type: OptionType,
  settings: S,
  extra: Partial<OptionParamBase> = {},
  show: (value: T) => string = String,
): OptionParam<T, Required<S>> {
  const withDefault = 'default' in settings ? { defaultText: show(settings.default) } : {};
  return {
    type,
    description: settings.description,
    optional: settings.optional === true,
    dynamic: settings.dynamic === true,
    secret: settings.secret === true,
    ...withDefault,
    ...extra,
  };
}

/**
 * Builders of option parameters.
 * @example
 * const parameters = {
 *   'bootstrap.servers': param.string({ description: 'host:port list' }),
 *   'poll.interval': param.time({ description: 'how often to poll', optional: true, default: '1 sec' }),
 *   'on.error': param.enum(['LOG', 'WAIT'], { description: '…', optional: true, default: 'LOG' }),
 * };
 */
export const param = {
  string<S extends Settings<string>>(settings: S): OptionParam<string, Required<S>> {
    return build<string, S>('string', settings);
  },
  int<S extends Settings<number>>(settings: S): OptionParam<number, Required<S>> {
    return build<number, S>('int', settings);
  },
  long<S extends Settings<number>>(settings: S): OptionParam<number, Required<S>> {
    return build<number, S>('long', settings);
  },
  double<S extends Settings<number>>(settings: S): OptionParam<number, Required<S>> {
    return build<number, S>('double', settings);
  },
  bool<S extends Settings<boolean>>(settings: S): OptionParam<boolean, Required<S>> {
    return build<boolean, S>('bool', settings);
  },
  /** A duration: `'500 ms'`, `'1 sec'`, `'2 min'` or a number of ms; parsed to milliseconds. */
  time<S extends Settings<string>>(settings: S): OptionParam<number, Required<S>> {
    return build<string, S>('time', settings) as unknown as OptionParam<number, Required<S>>;
  },
  enum<const V extends string, S extends Settings<V>>(
    values: readonly V[],
    settings: S,
  ): OptionParam<V, Required<S>> {
    return build<V, S>('enum', settings, { values });
  },
  list<T, S extends Settings<string>>(
    element: OptionParam<T, true>,
    settings: S & { readonly separator?: string },
  ): OptionParam<readonly T[], Required<S>> {
    return build<string, S>('list', settings, {
      element,
      separator: settings.separator ?? ',',
    }) as unknown as OptionParam<readonly T[], Required<S>>;
  },
  /**
   * A family of keys sharing a prefix, declared under `'prefix.*'` (see `family` above).
   * @example
   * const parameters = { 'regex.*': param.family(param.string({ description: 'a regex' }), { description: '…' }) };
   * // @map(type='text', regex.A='(\\w+)') → options['regex.*'] is { A: '(\\w+)' }
   */
  family<T>(
    element: OptionParam<T, true>,
    settings: { readonly description: string },
  ): OptionParam<Readonly<Record<string, T>>, true> {
    return {
      type: element.type,
      description: settings.description,
      optional: true,
      dynamic: false,
      secret: element.secret,
      element,
      family: true,
    };
  },
};
