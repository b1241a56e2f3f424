// All user-facing wording of diagnostics lives here, keyed by stable code, so messages
// stay consistent and can be reviewed in one place.

// semantic
/** Wording of the validator's diagnostics (engine/src/compiler/validation), keyed by code. */
export const semanticMessages = {
  E_UNKNOWN_STREAM: (name: string) => `unknown stream '${name}'`,
  E_UNKNOWN_TABLE: (name: string) => `unknown table '${name}'`,
  E_UNKNOWN_STORE: (name: string) => `unknown table, window or aggregation '${name}'`,
  E_UNKNOWN_INNER_STREAM: (name: string) =>
    `unknown inner stream '#${name}' (inner streams must be inserted into before they are used)`,
  E_INNER_STREAM_OUTSIDE_PARTITION: (name: string) =>
    `inner stream '#${name}' can only be used inside a partition`,
  E_UNKNOWN_FAULT_STREAM: (name: string) =>
    `unknown fault stream '!${name}' (add @OnError(action='stream') to stream '${name}')`,
  E_UNKNOWN_STREAM_REFERENCE: (name: string) => `unknown stream or event reference '${name}'`,
  E_UNKNOWN_ATTRIBUTE: (name: string, where?: string) =>
    where === undefined ? `unknown attribute '${name}'` : `'${where}' has no attribute '${name}'`,
  E_AMBIGUOUS_ATTRIBUTE: (name: string, sources: string) =>
    `attribute '${name}' is ambiguous: it exists in ${sources}; qualify it`,
  E_DUPLICATE_DEFINITION: (name: string, kind: string) =>
    `'${name}' is already defined as a ${kind} with a different definition`,
  E_DUPLICATE_ATTRIBUTE: (name: string, owner: string) =>
    `attribute '${name}' is defined more than once in '${owner}'`,
  E_DUPLICATE_OUTPUT_ATTRIBUTE: (name: string) =>
    `the query outputs attribute '${name}' more than once`,
  E_MISSING_RENAME: () =>
    `an output expression that is not an attribute needs a name ('as <name>')`,
  E_SCHEMA_MISMATCH: (target: string, expected: string, found: string) =>
    `the output (${found}) does not match the definition of '${target}' (${expected})`,
  E_INVALID_OUTPUT_TARGET: (name: string, kind: string, action: string) =>
    `cannot ${action} ${kind} '${name}'`,
  E_TYPE_MISMATCH: (op: string, left: string, right: string) =>
    `operator '${op}' cannot be applied to ${left} and ${right}`,
  E_NOT_BOOLEAN: (where: string, found: string) => `${where} must be bool, found ${found}`,
  E_UNKNOWN_FUNCTION: (name: string) => `unknown function '${name}'`,
  E_UNKNOWN_WINDOW: (name: string) => `unknown window '${name}'`,
  E_UNKNOWN_STREAM_FUNCTION: (name: string) => `unknown stream function or processor '${name}'`,
  E_AGGREGATOR_NOT_ALLOWED: (name: string, where: string) =>
    `aggregate function '${name}' cannot be used in ${where}`,
  E_ARGUMENT_COUNT: (name: string, expected: string, found: number) =>
    `'${name}' takes ${expected} argument${/(^|\D)1$/.test(expected) ? '' : 's'}, found ${String(found)}`,
  E_ARGUMENT_TYPE: (name: string, parameter: string, expected: string, found: string) =>
    `argument '${parameter}' of '${name}' must be ${expected}, found ${found}`,
  E_ARGUMENT_NOT_CONSTANT: (name: string, parameter: string) =>
    `argument '${parameter}' of '${name}' must be a constant`,
  E_ARGUMENT_NOT_ATTRIBUTE: (name: string, parameter: string) =>
    `argument '${parameter}' of '${name}' must be an attribute`,
  E_ARGUMENT_NOT_EVENT: (name: string, parameter: string) =>
    `argument '${parameter}' of '${name}' must name an event (a stream or pattern event reference)`,
  E_ARGUMENT_VALUE: (name: string, parameter: string, detail: string) =>
    `invalid argument '${parameter}' of '${name}': ${detail}`,
  E_INVALID_ARGUMENTS: (name: string, detail: string) =>
    `invalid arguments to '${name}': ${detail}`,
  E_INVALID_LIMIT: (clause: string) => `'${clause}' must be a non-negative int or long constant`,
  E_INVALID_INPUT: (name: string, kind: string, detail: string) => `${kind} '${name}' ${detail}`,
  E_INVALID_JOIN: (detail: string) => `invalid join: ${detail}`,
  E_INVALID_STORE_QUERY: (detail: string) => `invalid on-demand query: ${detail}`,
  E_INVALID_PATTERN: (detail: string) => `invalid pattern: ${detail}`,
  E_INVALID_AGGREGATION: (name: string, detail: string) => `aggregation '${name}': ${detail}`,
  E_INVALID_WITHIN: (detail: string) => `invalid 'within': ${detail}`,
  E_INVALID_PER: (value: string) =>
    `invalid 'per' duration '${value}' (use sec, min, hour, day, month or year)`,
  E_INVALID_ANNOTATION: (name: string, detail: string) => `@${name}: ${detail}`,
  E_UNSUPPORTED_ANNOTATION: (name: string, detail: string) =>
    `@${name} is not supported: ${detail}`,
  E_INVALID_TIME_STRING: (name: string, key: string, value: string) =>
    `@${name}: '${key}' must be a time such as '1 sec', found '${value}'`,
  E_INVALID_PARTITION: (detail: string) => `invalid partition: ${detail}`,
  E_INVALID_SET: (detail: string) => `invalid set clause: ${detail}`,
  W_UNKNOWN_EXTENSION: (kind: string, name: string) =>
    `unknown ${kind} type '${name}' (it must be provided by a plugin at run time)`,
  HINT_DID_YOU_MEAN: (name: string) => `did you mean '${name}'?`,
} as const;

export type SemanticCode = Exclude<keyof typeof semanticMessages, `HINT_${string}`>;

// syntax
/** Wording of the parser's diagnostics (codes `E_SYNTAX`, `E_UNEXPECTED_TOKEN`, …). */
export const syntaxMessages = {
  E_UNEXPECTED_TOKEN: (found: string, expected: readonly string[]): string =>
    expected.length > 0
      ? `unexpected ${found} — expected ${expected.join(', ')}`
      : `unexpected ${found}`,
  E_UNEXPECTED_END: (expected: readonly string[]): string =>
    expected.length > 0
      ? `unexpected end of input — expected ${expected.join(', ')}`
      : 'unexpected end of input',
  E_UNEXPECTED_CHARACTER: (char: string): string => `unexpected character '${char}'`,
  E_UNTERMINATED_STRING: (): string => 'unterminated string literal: the closing quote is missing',
  E_INT_OUT_OF_RANGE: (text: string): string =>
    `integer ${text} is too big for int — add 'L' to make it a long`,
  E_LONG_OUT_OF_RANGE: (text: string): string => `integer ${text} is too big for long`,
  E_TIME_UNIT_ORDER: (unit: string): string =>
    `'${unit}' is out of order: time units must go from the largest to the smallest, each once`,
  E_INNER_OR_FAULT_DEFINITION: (what: string): string =>
    `a ${what} cannot be defined as an inner ('#') or fault ('!') stream`,
  E_INNER_OR_FAULT_TARGET: (action: string): string =>
    `'${action}' can only be used with tables, not inner ('#') or fault ('!') streams`,
  E_MISSING_ALIAS: (): string => "a selected expression needs a name: add 'as <name>'",
  E_MULTIPLE_WINDOWS: (): string => 'a stream can have only one window',
  E_NOT_CONSTANT: (clause: string): string => `'${clause}' only accepts an int or long constant`,
  E_OUTER_JOIN: (): string => "use 'left outer join', 'right outer join' or 'full outer join'",
  E_ANNOTATION_NOT_ALLOWED: (what: string): string => `annotations are not allowed on ${what}`,
  E_DEFINITION_ORDER: (): string => 'definitions must come before queries and partitions',
  E_NO_DEFINITION: (): string => 'an app needs at least one definition',
  E_ABSENT_NEEDS_FOR: (): string => "this 'not' pattern needs a waiting time: add 'for <time>'",
  E_SEQUENCE_ONLY: (op: string): string =>
    `'${op}' is only allowed in sequences; use '<n:m>' in patterns`,
  E_BAD_COUNT: (): string => "a count needs a number: '<n>', '<n:m>', '<n:>' or '<:m>'",
  E_INTERNAL: (detail: string): string => `internal parser error: ${detail}`,
} as const;

// runtime
/** Wording of the runtime's diagnostics and errors (planner, app runtime), keyed by code. */
export const runtimeMessages = {
  E_UNSUPPORTED_FEATURE: (feature: string): string =>
    `${feature} ${feature.endsWith('s') ? 'are' : 'is'} not supported by the runtime yet`,
  E_UNKNOWN_EXTENSION: (kind: string, name: string): string =>
    `no implementation of ${kind} '${name}' is available to the runtime`,
  E_PLAN_FAILED: (detail: string): string => `the app could not be planned: ${detail}`,
  E_APP_NOT_RUNNING: (app: string, stream: string): string =>
    `app '${app}' is not running: start it before sending to '${stream}'`,
  E_APP_SHUT_DOWN: (app: string): string => `app '${app}' has been shut down`,
  E_UNKNOWN_INPUT_STREAM: (stream: string, known: string): string =>
    `the app has no stream '${stream}' to send to${known === '' ? '' : ` (streams: ${known})`}`,
  E_UNKNOWN_QUERY: (query: string, known: string): string =>
    `the app has no query named '${query}'${known === '' ? '' : ` (queries: ${known})`}`,
  E_UNKNOWN_CALLBACK_STREAM: (stream: string, known: string): string =>
    `the app has no stream '${stream}' to listen to${known === '' ? '' : ` (streams: ${known})`}`,
  E_INVALID_PLAYBACK: (detail: string): string => `invalid @app:playback: ${detail}`,
  E_ON_DEMAND_QUERY: (detail: string): string => `the on-demand query cannot run: ${detail}`,
  E_AGGREGATION: (aggregation: string, detail: string): string =>
    `aggregation '${aggregation}': ${detail}`,
  E_PROCESSING: (stream: string, count: number, detail: string): string =>
    `error while processing events of stream '${stream}'; ${String(count)} event(s) dropped: ${detail}`,
  E_SNAPSHOT_INVALID: (app: string, detail: string): string =>
    `cannot restore app '${app}': the snapshot is invalid (${detail})`,
  E_SNAPSHOT_MISMATCH: (app: string, differences: string): string =>
    `cannot restore app '${app}': the snapshot was taken of a different app text (${differences})`,
  E_NO_PERSISTENCE_STORE: (app: string): string =>
    `app '${app}' has no persistence store: pass createEngine({ persistence: { store } })`,
  E_NO_REVISION: (app: string): string => `no persisted revision of app '${app}' to restore`,
  E_PERSISTENCE: (app: string, detail: string): string =>
    `persistence of app '${app}' failed: ${detail}`,
} as const;

export type RuntimeCode = keyof typeof runtimeMessages;

// extension options
/** Wording of option problems of annotation-configured extensions (`@source`, `@store`, …). */
export const optionMessages = {
  E_UNKNOWN_OPTION: (extension: string, key: string): string =>
    `${extension} has no option '${key}'`,
  E_MISSING_OPTION: (extension: string, key: string): string =>
    `${extension} needs the option '${key}'`,
  E_DUPLICATE_OPTION: (extension: string, key: string): string =>
    `${extension}: option '${key}' is given more than once`,
  E_INVALID_OPTION: (extension: string, key: string, detail: string): string =>
    `${extension}: option '${key}' ${detail}`,
  E_OPTION_NOT_DYNAMIC: (extension: string, key: string): string =>
    `${extension}: option '${key}' cannot hold '{{…}}' templates (it is not dynamic)`,
  E_OPTION_WITHOUT_KEY: (extension: string, value: string): string =>
    `${extension}: the value '${value}' needs a key ('key=value')`,
  HINT_VALID_OPTIONS: (keys: readonly string[]): string =>
    keys.length === 0 ? 'it takes no options' : `options: ${keys.join(', ')}`,
} as const;

export type OptionCode = Exclude<keyof typeof optionMessages, `HINT_${string}`>;

// extension registry
/** Wording of the extension registry's errors (duplicate or malformed extension specs). */
export const extensionMessages = {
  E_DUPLICATE_EXTENSION: (what: string, first: string, second: string): string =>
    `${what} is registered twice: by '${first}' and by '${second}'`,
  E_INVALID_EXTENSION: (pkg: string, what: string, detail: string): string =>
    `invalid extension ${what} in '${pkg}': ${detail}`,
  E_SCRIPT_COMPILE: (fn: string, line: number, detail: string): string =>
    `script function '${fn}' (line ${String(line)}) does not compile: ${detail}`,
  E_SCRIPT_RUNTIME: (fn: string, line: number, detail: string): string =>
    `script function '${fn}' (defined at line ${String(line)}) failed: ${detail}`,
  E_SCRIPT_TIMEOUT: (fn: string, line: number, ms: number): string =>
    `script function '${fn}' (defined at line ${String(line)}) ran longer than ${String(ms)} ms`,
  E_UNKNOWN_SCRIPT_LANGUAGE: (fn: string, language: string): string =>
    `no script language '${language}' is available for function '${fn}'`,
} as const;

// sources and sinks
/** Wording of the io runtime (sources, sinks, mappers, error store), keyed by code. */
export const ioMessages = {
  E_UNKNOWN_IO_EXTENSION: (kind: string, name: string, stream: string): string =>
    `no ${kind} '${name}' is available (used by stream '${stream}')`,
  HINT_INSTALL_PLUGIN: (kind: string): string =>
    `install and register the plugin that provides this ${kind}`,
  E_ATTRIBUTE_MAPPING: (stream: string, detail: string): string =>
    `@attributes of stream '${stream}': ${detail}`,
  E_INVALID_PAYLOAD_MAPPING: (stream: string, detail: string): string =>
    `@payload of stream '${stream}': ${detail}`,
  E_DISTRIBUTION: (stream: string, detail: string): string =>
    `@distribution of stream '${stream}': ${detail}`,
  E_TEMPLATE_ATTRIBUTE: (what: string, key: string, attribute: string): string =>
    `${what}: option '${key}' refers to '{{${attribute}}}', which is not an attribute of the stream`,
  E_IO_CREATE: (what: string, detail: string): string => `${what} could not be created: ${detail}`,
  E_CONNECT_RETRY: (what: string, detail: string, delayMs: number): string =>
    `${what} is not connected (${detail}); retrying in ${String(Math.round(delayMs / 1000))} s`,
  E_CONNECT_FAILED: (what: string, detail: string): string =>
    `${what} failed to connect and will not retry: ${detail}`,
  E_CONNECTION_LOST: (what: string, detail: string): string =>
    `${what} lost its connection: ${detail}`,
  I_CONNECTED: (what: string): string => `${what} connected`,
  I_RECONNECTED: (what: string, failures: number): string =>
    `${what} is connected again (after ${String(failures)} failed attempt(s))`,
  E_DISCONNECT: (what: string, detail: string): string => `${what} failed to disconnect: ${detail}`,
  E_MAPPING: (what: string, detail: string): string =>
    `${what} could not map a payload; it is dropped: ${detail}`,
  E_MISSING_TRANSPORT_PROPERTY: (name: string): string =>
    `the transport property '${name}' is missing`,
  E_TRANSPORT_PROPERTY_TYPE: (name: string, attribute: string, detail: string): string =>
    `the transport property '${name}' (attribute '${attribute}'): ${detail}`,
  E_SINK_MAPPING: (what: string, count: number, detail: string): string =>
    `${what} could not map ${String(count)} event(s); they are dropped: ${detail}`,
  E_SINK_DROPPED: (what: string, detail: string): string =>
    `${what} could not publish an event; it is dropped: ${detail}`,
  W_SINK_STORED: (what: string, detail: string): string =>
    `${what} could not publish an event; it is saved in the error store: ${detail}`,
  E_SINK_UNAVAILABLE: (what: string): string => `the connection of ${what} is unavailable`,
  E_NO_DESTINATION: (what: string): string => `${what} has no connected destination`,
  W_SINK_WAITING: (what: string, tries: number, detail: string): string =>
    `${what} is still waiting to publish after ${String(tries)} tries: ${detail}`,
  E_SINK_SHUTDOWN_DROPPED: (what: string, count: number): string =>
    `${what} was shut down with ${String(count)} unpublished event(s); they are dropped`,
  E_NO_ERROR_STORE: (app: string, where: string): string =>
    `${where} of app '${app}' stores errors, but the engine has no error store: errors will be logged and dropped (pass createEngine({ errorStore }))`,
  E_ERROR_STORE_MISSING: (app: string): string =>
    `app '${app}' has no error store: pass createEngine({ errorStore })`,
  E_ERROR_STORE_SAVE: (app: string, detail: string): string =>
    `app '${app}' could not save an erroneous event in the error store: ${detail}`,
  E_STREAM_ERROR_STORED: (stream: string, count: number, detail: string): string =>
    `error while processing events of stream '${stream}'; ${String(count)} event(s) saved in the error store: ${detail}`,
  E_NO_ERROR_ENTRY: (app: string, id: number): string =>
    `app '${app}' has no error-store entry ${String(id)}`,
  E_REPLAY_TARGET: (app: string, id: number, detail: string): string =>
    `error-store entry ${String(id)} cannot be replayed into app '${app}': ${detail}`,
  E_REPLAY_FAILED: (id: number, detail: string): string =>
    `replaying error-store entry ${String(id)} failed; it is kept: ${detail}`,
  E_IO_START_FAILED: (app: string, detail: string): string =>
    `app '${app}' could not start its sources and sinks: ${detail}`,
} as const;

export type IoCode = Exclude<keyof typeof ioMessages, `HINT_${string}` | `I_${string}`>;
