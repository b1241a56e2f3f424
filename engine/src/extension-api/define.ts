// The `define*` functions: each extension — built-in or third-party — is described once, and
// that description drives option/argument validation, the registry, the docs and the catalogue.

import type {
  AppendedAttribute,
  ArgumentInfo,
  ParameterSpec,
  ReturnTypeRule,
} from '../compiler/extension-catalog.js';
import type { AttributeType } from '../query-api/index.js';
import type { AggregatorImplementation } from '../builtins/aggregators/aggregator.js';
import type { FunctionImplementation, FunctionInstance } from '../runtime/expression/types.js';
import type { Table, TableContext, TableSchema } from '../runtime/table/table.js';
import type { WindowImplementation } from '../runtime/window/window.js';
import type {
  DistributionContext,
  DistributionStrategy,
  SinkConnection,
  SinkContext,
  SinkMapper,
  SinkMapperContext,
  SourceConnection,
  SourceContext,
  SourceMapper,
  SourceMapperContext,
} from './io-contracts.js';
import type { OptionsOf, ParamMap } from './param.js';
import type { StreamProcessorImplementation } from './stream-processor.js';

/** How mature an extension is; shown in docs and `tributary plugins list`. */
export type ExtensionStatus = 'stable' | 'beta' | 'experimental' | 'deprecated';

/** One documented example; every example's `siddhi` text is compiled by a test. */
export interface ExtensionExample {
  readonly description: string;
  readonly siddhi: string;
}

/** A system parameter: set per extension in configuration, not in the app. */
export interface SystemParameter {
  readonly name: string;
  readonly description: string;
  readonly defaultValue: string;
  readonly possibleValues?: readonly string[];
}

/** What every spec has. */
export interface SpecBase {
  /** As written in apps: `kafka`, `length`, `concat`. Case-sensitive. */
  readonly name: string;
  /** `str`, `unique`…; `''` (the default) for core and for io extensions. */
  readonly namespace?: string;
  readonly status: ExtensionStatus;
  /** One sentence. */
  readonly summary: string;
  /** Longer text (light markdown). */
  readonly description?: string;
  readonly systemParameters?: readonly SystemParameter[];
  readonly examples: readonly ExtensionExample[];
}

/** Annotation-configured kinds: options come from `@source(...)`, `@map(...)`, `@store(...)`. */
export interface OptionSpec<P extends ParamMap> extends SpecBase {
  readonly parameters: P;
}

/** A transport property a source offers (`trp:topic`) or a sink reads. */
export interface TransportPropertySpec {
  readonly name: string;
  readonly description: string;
}

export interface SourceSpec<P extends ParamMap> extends OptionSpec<P> {
  readonly transportProperties?: readonly TransportPropertySpec[];
  /** The source mapper used when `@map` is absent (Siddhi: `passThrough`). */
  readonly defaultMapper?: string;
  create(ctx: SourceContext<OptionsOf<P>>): SourceConnection;
}

export interface SinkSpec<P extends ParamMap> extends OptionSpec<P> {
  readonly defaultMapper?: string;
  create(ctx: SinkContext<OptionsOf<P>>): SinkConnection;
}

export interface SourceMapperSpec<P extends ParamMap> extends OptionSpec<P> {
  create(ctx: SourceMapperContext<OptionsOf<P>>): SourceMapper;
}

export interface SinkMapperSpec<P extends ParamMap> extends OptionSpec<P> {
  /** The content type payloads have (`application/json`); the http family uses it. */
  readonly contentType?: string;
  create(ctx: SinkMapperContext<OptionsOf<P>>): SinkMapper;
}

/** What a store instance is created from. */
export interface StoreContext<O> extends TableContext {
  readonly options: O;
}

export interface StoreSpec<P extends ParamMap> extends OptionSpec<P> {
  create(schema: TableSchema, ctx: StoreContext<OptionsOf<P>>): Table;
}

export interface DistributionStrategySpec<P extends ParamMap> extends OptionSpec<P> {
  create(ctx: DistributionContext<OptionsOf<P>>): DistributionStrategy;
}

/** Positional-argument kinds (functions, aggregators, windows, stream functions/processors). */
export interface CallSpec extends SpecBase {
  /** Every parameter, in order (for docs and for checks when `overloads` is absent). */
  readonly parameters: readonly ParameterSpec[];
  /**
   * Accepted argument lists by parameter name (`['input.string', '...']`: `...` repeats the
   * previous one). Default: the parameters in order, trailing optional ones omissible.
   */
  readonly overloads?: readonly (readonly string[])[];
  /** Extra argument checks beyond the overloads. */
  readonly check?: (args: readonly ArgumentInfo[]) => string | undefined;
}

export interface FunctionSpec extends CallSpec {
  readonly returnType: ReturnTypeRule;
  /** Described for docs: the result. */
  readonly returnDescription?: string;
  readonly create: FunctionImplementation['create'];
}

export interface AggregatorSpec extends CallSpec {
  readonly returnType: ReturnTypeRule;
  readonly returnDescription?: string;
  readonly create: AggregatorImplementation['create'];
}

export interface WindowSpec extends CallSpec {
  readonly create: WindowImplementation['create'];
}

export interface StreamProcessorSpec extends CallSpec {
  /** The attributes appended to each output event. */
  readonly appends:
    | readonly AppendedAttribute[]
    | ((args: readonly ArgumentInfo[]) => readonly AppendedAttribute[]);
  readonly create: StreamProcessorImplementation['create'];
}

/** Scripts: `define function f[<language>] return <type> { body };` */
export interface ScriptSpec extends SpecBase {
  /** The language name as written in brackets: `javascript`. */
  readonly language: string;
  /**
   * Compiles a script body once per app; the instance is called per event with the call's
   * argument values (`data[i]` in the body). Throw an Error naming the function and line
   * when the body does not compile.
   */
  create(definition: ScriptDefinition): FunctionInstance;
}

export interface ScriptDefinition {
  readonly appName: string;
  readonly functionName: string;
  readonly returnType: AttributeType;
  readonly body: string;
  /** 1-based line of the body's first line in the app text. */
  readonly line: number;
  /** Milliseconds one call may run (system parameter `timeout`, default 1000). */
  readonly timeoutMs: number;
}

/** A described extension: what `define*` returns and what plugin packages list. */
export type Extension =
  | { readonly kind: 'source'; readonly spec: SourceSpec<ParamMap> }
  | { readonly kind: 'sink'; readonly spec: SinkSpec<ParamMap> }
  | { readonly kind: 'sourceMapper'; readonly spec: SourceMapperSpec<ParamMap> }
  | { readonly kind: 'sinkMapper'; readonly spec: SinkMapperSpec<ParamMap> }
  | { readonly kind: 'store'; readonly spec: StoreSpec<ParamMap> }
  | { readonly kind: 'distributionStrategy'; readonly spec: DistributionStrategySpec<ParamMap> }
  | { readonly kind: 'function'; readonly spec: FunctionSpec }
  | { readonly kind: 'aggregator'; readonly spec: AggregatorSpec }
  | { readonly kind: 'window'; readonly spec: WindowSpec }
  | { readonly kind: 'streamFunction'; readonly spec: StreamProcessorSpec }
  | { readonly kind: 'streamProcessor'; readonly spec: StreamProcessorSpec }
  | { readonly kind: 'script'; readonly spec: ScriptSpec };

export type ExtensionKindName = Extension['kind'];

// The casts below erase the concrete option types: an extension created with typed options
// is only ever called by the engine with options parsed from the same parameter map.

/**
 * Describes a source.
 * @example
 * export const httpSource = defineSource({ name: 'http', status: 'stable', summary: '…',
 *   parameters: { 'receiver.url': param.string({ description: '…' }) }, examples: [...],
 *   create: (ctx) => new HttpSourceConnection(ctx) });
 */
export function defineSource<P extends ParamMap>(spec: SourceSpec<P>): Extension {
  return { kind: 'source', spec: spec as unknown as SourceSpec<ParamMap> };
}

/** Describes a sink; parameters marked `dynamic` may hold `{{attr}}` templates. */
export function defineSink<P extends ParamMap>(spec: SinkSpec<P>): Extension {
  return { kind: 'sink', spec: spec as unknown as SinkSpec<ParamMap> };
}

/** Describes a source mapper (`@source(..., @map(type='json'))`). */
export function defineSourceMapper<P extends ParamMap>(spec: SourceMapperSpec<P>): Extension {
  return { kind: 'sourceMapper', spec: spec as unknown as SourceMapperSpec<ParamMap> };
}

/** Describes a sink mapper (`@sink(..., @map(type='json'))`). */
export function defineSinkMapper<P extends ParamMap>(spec: SinkMapperSpec<P>): Extension {
  return { kind: 'sinkMapper', spec: spec as unknown as SinkMapperSpec<ParamMap> };
}

/** Describes a store (`@store(type='rdbms', ...) define table …`). */
export function defineStore<P extends ParamMap>(spec: StoreSpec<P>): Extension {
  return { kind: 'store', spec: spec as unknown as StoreSpec<ParamMap> };
}

/** Describes a `@distribution(strategy='…')` strategy. */
export function defineDistributionStrategy<P extends ParamMap>(
  spec: DistributionStrategySpec<P>,
): Extension {
  return {
    kind: 'distributionStrategy',
    spec: spec as unknown as DistributionStrategySpec<ParamMap>,
  };
}

/** Describes a function (`str:concat(a, b)`). */
export function defineFunction(spec: FunctionSpec): Extension {
  return { kind: 'function', spec };
}

/** Describes an attribute aggregator (`sum(x)`, `str:groupConcat(x)`). */
export function defineAggregator(spec: AggregatorSpec): Extension {
  return { kind: 'aggregator', spec };
}

/** Describes a window (`#window.unique:length(key, 5)`). */
export function defineWindow(spec: WindowSpec): Extension {
  return { kind: 'window', spec };
}

/** Describes a stream processor (`#reorder:kslack(ts)`): may hold state and timers. */
export function defineStreamProcessor(spec: StreamProcessorSpec): Extension {
  return { kind: 'streamProcessor', spec };
}

/** Describes a stream function (`#str:tokenize(text, ',')`): stateless, 0..n rows per event. */
export function defineStreamFunction(spec: StreamProcessorSpec): Extension {
  return { kind: 'streamFunction', spec };
}

/** Describes a script language (`define function f[javascript] …`). */
export function defineScript(spec: ScriptSpec): Extension {
  return { kind: 'script', spec };
}
