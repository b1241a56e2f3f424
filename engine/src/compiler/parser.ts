// The SiddhiQL parser: a Chevrotain EmbeddedActionsParser whose rules mirror the names of
// Siddhi's ANTLR grammar (siddhi_app, definition_stream, query, join_stream, pattern_stream, …)
// and build the query-api model directly. Built once per process (see `siddhiParser`).

import {
  EmbeddedActionsParser,
  EOF,
  MismatchedTokenException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type {
  AbsentState,
  AggregationDefinition,
  AggregationPeriods,
  Annotation,
  AnnotationElement,
  AnonymousInputStream,
  Attribute,
  AttributeType,
  Definition,
  ExecutionElement,
  Expression,
  FunctionCall,
  FunctionDefinition,
  InputStream,
  JoinInputStream,
  JoinType,
  OnDemandQuery,
  OrderByAttribute,
  OutputAttribute,
  OutputEventType,
  OutputRate,
  OutputStream,
  Partition,
  PartitionType,
  Query,
  RangePartitionCondition,
  Selector,
  SetAssignment,
  SiddhiApp,
  SingleInputStream,
  StateElement,
  StateInputStream,
  StoreInput,
  StreamHandler,
  StreamIndex,
  StreamState,
  StreamDefinition,
  TableDefinition,
  TimeConstant,
  TimeUnit,
  TriggerDefinition,
  Variable,
  WindowDefinition,
  WithinRange,
} from '../query-api/index.js';
import { syntaxMessages } from '../errors/messages.js';
import { AstBuilder, join, nameOf, type RawReference, type SourceRef } from './ast-builder.js';
import { describeToken, errorMessageProvider, setLastExpected } from './parse-errors.js';
import * as T from './tokens.js';

type Mutable<N> = { -readonly [K in keyof N]: N[K] };

/** A function's argument list; `all` for `(*)`. */
interface FunctionArgs {
  readonly args: Expression[];
  readonly all: boolean;
}
type QueryInputKind = 'missing' | 'anonymous' | 'pattern' | 'sequence' | 'join' | 'standard';

/** Tokens that end a query input (at bracket depth 0). */
const INPUT_END = new Set<TokenType>([
  T.Select,
  T.Output,
  T.Insert,
  T.Delete,
  T.Update,
  T.Return,
  T.Semicolon,
  EOF,
]);

/** Keywords that start the clause after an input; as the first input token, a name is missing. */
const CLAUSE_START = new Set<TokenType>([
  T.Select,
  T.Output,
  T.Insert,
  T.Delete,
  T.Update,
  T.Return,
]);
/** What may follow a stream name in an input (so `from select[…]` still names a stream). */
const FOLLOWS_SOURCE = new Set<TokenType>([
  ...INPUT_END,
  T.LBracket,
  T.Hash,
  T.As,
  T.Join,
  T.Left,
  T.Right,
  T.Full,
  T.Inner,
  T.Outer,
  T.Unidirectional,
  T.Arrow,
  T.Comma,
  T.Within,
]);

export class SiddhiQLParser extends EmbeddedActionsParser {
  readonly b = new AstBuilder();
  /** The rule the current parse started from (for content assist on errors). */
  entryRule = 'siddhi_app';

  constructor(skipValidations = true) {
    super(T.ALL_TOKENS, {
      maxLookahead: 2,
      recoveryEnabled: false,
      errorMessageProvider,
      skipValidations,
    });
    this.performSelfAnalysis();
  }

  // ---------------------------------------------------------------- app structure

  siddhi_app = this.RULE('siddhi_app', (): SiddhiApp => {
    const first = this.LA(1);
    const annotations: Annotation[] = [];
    const elements: (Definition | ExecutionElement)[] = [];
    this.MANY({
      GATE: () => this.LA(2).tokenType === T.App && this.LA(3).tokenType === T.Colon,
      DEF: () => annotations.push(this.SUBRULE(this.app_annotation)),
    });
    this.OPTION(() => {
      elements.push(this.SUBRULE(this.app_element));
      this.MANY2(() => {
        this.CONSUME(T.Semicolon);
        this.OPTION2(() => elements.push(this.SUBRULE2(this.app_element)));
      });
    });
    return this.ACTION(() => this.buildApp(first, annotations, elements));
  });

  app_element = this.RULE('app_element', (): Definition | ExecutionElement => {
    const start = this.LA(1);
    const annotations: Annotation[] = [];
    this.MANY(() => annotations.push(this.SUBRULE(this.annotation)));
    const args = { ARGS: [annotations, start] as [Annotation[], IToken] };
    return this.OR<Definition | ExecutionElement>([
      { ALT: () => this.SUBRULE(this.definition_stream, args) },
      { ALT: () => this.SUBRULE(this.definition_table, args) },
      { ALT: () => this.SUBRULE(this.definition_window, args) },
      { ALT: () => this.SUBRULE(this.definition_trigger, args) },
      { ALT: () => this.SUBRULE(this.definition_function, args) },
      { ALT: () => this.SUBRULE(this.definition_aggregation, args) },
      { ALT: () => this.SUBRULE(this.query, args) },
      { ALT: () => this.SUBRULE(this.partition, args) },
    ]);
  });

  // ---------------------------------------------------------------- annotations

  app_annotation = this.RULE('app_annotation', (): Annotation => {
    const at = this.CONSUME(T.At);
    const ns = this.CONSUME(T.App);
    this.CONSUME(T.Colon);
    const name = this.SUBRULE(this.name);
    const elements: AnnotationElement[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      elements.push(this.SUBRULE(this.annotation_element));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        elements.push(this.SUBRULE2(this.annotation_element));
      });
      this.CONSUME(T.RParen);
    });
    return this.ACTION(() => ({
      kind: 'annotation',
      namespace: ns.image,
      name: nameOf(name),
      elements,
      annotations: [],
      span: this.b.span(at, this.LA(0)),
    }));
  });

  annotation = this.RULE('annotation', (): Annotation => {
    const at = this.CONSUME(T.At);
    const name = this.SUBRULE(this.name);
    const elements: AnnotationElement[] = [];
    const annotations: Annotation[] = [];
    const item = (idx: number): void => {
      this.or(idx, [
        { ALT: () => annotations.push(this.subrule(idx, this.annotation)) },
        { ALT: () => elements.push(this.subrule(idx, this.annotation_element)) },
      ]);
    };
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      item(1);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        item(2);
      });
      this.CONSUME(T.RParen);
    });
    return this.ACTION(() => ({
      kind: 'annotation',
      name: nameOf(name),
      elements,
      annotations,
      span: this.b.span(at, this.LA(0)),
    }));
  });

  annotation_element = this.RULE('annotation_element', (): AnnotationElement => {
    const first = this.LA(1);
    const key = this.OPTION(() => {
      const k = this.SUBRULE(this.property_name);
      this.CONSUME(T.Assign);
      return k;
    });
    const value = this.SUBRULE(this.string_value);
    return this.ACTION(() => {
      const node: Mutable<AnnotationElement> = {
        kind: 'annotationElement',
        value: this.b.string(value),
        span: this.b.span(first, value),
      };
      if (key !== undefined) node.key = key;
      return node;
    });
  });

  property_name = this.RULE('property_name', (): string => {
    return this.OR([
      {
        ALT: () => {
          let text = nameOf(this.SUBRULE(this.name));
          this.MANY(() => {
            const sep = this.OR2([
              { ALT: () => this.CONSUME(T.Dot) },
              { ALT: () => this.CONSUME(T.Minus) },
              { ALT: () => this.CONSUME(T.Colon) },
            ]);
            const part = this.SUBRULE2(this.name);
            this.ACTION(() => (text += sep.image + nameOf(part)));
          });
          return text;
        },
      },
      { ALT: () => this.ACTION(() => this.b.string(this.SUBRULE(this.string_value))) },
    ]);
  });

  // ---------------------------------------------------------------- definitions

  definition_stream = this.RULE(
    'definition_stream',
    (annotations: Annotation[], start: IToken): StreamDefinition => {
      this.CONSUME(T.Define);
      this.CONSUME(T.Stream);
      const source = this.SUBRULE(this.source);
      const attributes = this.SUBRULE(this.attribute_definitions);
      return this.ACTION(() => {
        this.b.noInnerOrFault(source, 'stream');
        return {
          kind: 'stream',
          id: source.id,
          annotations,
          attributes,
          span: this.b.span(start, this.LA(0)),
        };
      });
    },
  );

  definition_table = this.RULE(
    'definition_table',
    (annotations: Annotation[], start: IToken): TableDefinition => {
      this.CONSUME(T.Define);
      this.CONSUME(T.Table);
      const source = this.SUBRULE(this.source);
      const attributes = this.SUBRULE(this.attribute_definitions);
      return this.ACTION(() => {
        this.b.noInnerOrFault(source, 'table');
        return {
          kind: 'table',
          id: source.id,
          annotations,
          attributes,
          span: this.b.span(start, this.LA(0)),
        };
      });
    },
  );

  definition_window = this.RULE(
    'definition_window',
    (annotations: Annotation[], start: IToken): WindowDefinition => {
      this.CONSUME(T.Define);
      this.CONSUME(T.Window);
      const source = this.SUBRULE(this.source);
      const attributes = this.SUBRULE(this.attribute_definitions);
      const window = this.SUBRULE(this.function_operation);
      const outputEventType = this.OPTION(() => {
        this.CONSUME(T.Output);
        return this.SUBRULE(this.output_event_type);
      });
      return this.ACTION(() => {
        this.b.noInnerOrFault(source, 'window');
        const node: Mutable<WindowDefinition> = {
          kind: 'window',
          id: source.id,
          annotations,
          attributes,
          window,
          span: this.b.span(start, this.LA(0)),
        };
        if (outputEventType !== undefined) node.outputEventType = outputEventType;
        return node;
      });
    },
  );

  definition_trigger = this.RULE(
    'definition_trigger',
    (annotations: Annotation[], start: IToken): TriggerDefinition => {
      this.CONSUME(T.Define);
      this.CONSUME(T.Trigger);
      const id = this.SUBRULE(this.name);
      this.CONSUME(T.AtKw);
      const at = this.OR<TriggerDefinition['at']>([
        {
          ALT: () => {
            this.CONSUME(T.Every);
            const interval = this.SUBRULE(this.time_value);
            return { kind: 'every', interval };
          },
        },
        {
          ALT: () => {
            const text = this.SUBRULE(this.string_value);
            return this.ACTION(() => {
              const value = this.b.string(text);
              return value.trim().toLowerCase() === 'start'
                ? { kind: 'start' }
                : { kind: 'cron', expression: value };
            });
          },
        },
      ]);
      return this.ACTION(() => {
        this.b.noAnnotations(annotations, 'triggers');
        return {
          kind: 'trigger',
          id: nameOf(id),
          annotations,
          at,
          span: this.b.span(start, this.LA(0)),
        };
      });
    },
  );

  definition_function = this.RULE(
    'definition_function',
    (annotations: Annotation[], start: IToken): FunctionDefinition => {
      this.CONSUME(T.Define);
      this.CONSUME(T.FunctionKw);
      const id = this.SUBRULE(this.name);
      this.CONSUME(T.LBracket);
      const language = this.SUBRULE2(this.name);
      this.CONSUME(T.RBracket);
      this.CONSUME(T.Return);
      const returnType = this.SUBRULE(this.attribute_type);
      const body = this.CONSUME(T.Script);
      return this.ACTION(() => {
        this.b.noAnnotations(annotations, 'functions');
        return {
          kind: 'function',
          id: nameOf(id),
          annotations,
          language: nameOf(language),
          returnType,
          body: body.image.slice(1, -1),
          span: this.b.span(start, this.LA(0)),
        };
      });
    },
  );

  definition_aggregation = this.RULE(
    'definition_aggregation',
    (annotations: Annotation[], start: IToken): AggregationDefinition => {
      this.CONSUME(T.Define);
      this.CONSUME(T.Aggregation);
      const id = this.SUBRULE(this.name);
      this.CONSUME(T.From);
      const input = this.SUBRULE(this.standard_stream);
      const selector = this.SUBRULE(this.group_by_query_selection);
      this.CONSUME(T.Aggregate);
      const aggregateBy = this.OPTION(() => {
        this.CONSUME(T.By);
        return this.SUBRULE(this.attribute_reference);
      });
      this.CONSUME(T.Every);
      const periods = this.SUBRULE(this.aggregation_time);
      return this.ACTION(() => {
        const node: Mutable<AggregationDefinition> = {
          kind: 'aggregation',
          id: nameOf(id),
          annotations,
          input,
          selector,
          periods,
          span: this.b.span(start, this.LA(0)),
        };
        if (aggregateBy !== undefined) node.aggregateBy = this.b.variable(aggregateBy);
        return node;
      });
    },
  );

  aggregation_time = this.RULE('aggregation_time', (): AggregationPeriods => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.aggregation_time_duration);
    return this.OR<AggregationPeriods>([
      {
        ALT: () => {
          this.CONSUME(T.TripleDot);
          const to = this.SUBRULE2(this.aggregation_time_duration);
          return this.ACTION(() => ({
            kind: 'range' as const,
            from: first,
            to,
            span: this.b.span(start, this.LA(0)),
          }));
        },
      },
      {
        ALT: () => {
          const units: TimeUnit[] = [first];
          this.MANY(() => {
            this.CONSUME(T.Comma);
            units.push(this.SUBRULE3(this.aggregation_time_duration));
          });
          return this.ACTION(() => ({
            kind: 'list' as const,
            units,
            span: this.b.span(start, this.LA(0)),
          }));
        },
      },
    ]);
  });

  aggregation_time_duration = this.RULE('aggregation_time_duration', (): TimeUnit => {
    const token = this.OR([
      { ALT: () => this.CONSUME(T.Seconds) },
      { ALT: () => this.CONSUME(T.Minutes) },
      { ALT: () => this.CONSUME(T.Hours) },
      { ALT: () => this.CONSUME(T.Days) },
      { ALT: () => this.CONSUME(T.Weeks) },
      { ALT: () => this.CONSUME(T.Months) },
      { ALT: () => this.CONSUME(T.Years) },
    ]);
    return this.ACTION(() => this.b.timeUnit(token));
  });

  attribute_definitions = this.RULE('attribute_definitions', (): Attribute[] => {
    const attributes: Attribute[] = [];
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const name = this.SUBRULE(this.name);
        const type = this.SUBRULE(this.attribute_type);
        this.ACTION(() =>
          attributes.push({
            kind: 'attribute',
            name: nameOf(name),
            type,
            span: this.b.span(name, this.LA(0)),
          }),
        );
      },
    });
    this.CONSUME(T.RParen);
    return attributes;
  });

  attribute_type = this.RULE('attribute_type', (): AttributeType => {
    const token = this.OR([
      { ALT: () => this.CONSUME(T.StringKw) },
      { ALT: () => this.CONSUME(T.IntKw) },
      { ALT: () => this.CONSUME(T.LongKw) },
      { ALT: () => this.CONSUME(T.FloatKw) },
      { ALT: () => this.CONSUME(T.DoubleKw) },
      { ALT: () => this.CONSUME(T.BoolKw) },
      { ALT: () => this.CONSUME(T.ObjectKw) },
    ]);
    return this.ACTION(() => this.b.attributeType(token));
  });

  // ---------------------------------------------------------------- partitions

  partition = this.RULE('partition', (annotations: Annotation[], start: IToken): Partition => {
    const partitionTypes: PartitionType[] = [];
    const queries: Query[] = [];
    this.CONSUME(T.Partition);
    this.CONSUME(T.With);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => partitionTypes.push(this.SUBRULE(this.partition_with_stream)),
    });
    this.CONSUME(T.RParen);
    this.CONSUME(T.Begin);
    queries.push(this.SUBRULE(this.partition_query));
    this.MANY(() => {
      this.CONSUME(T.Semicolon);
      this.OPTION(() => queries.push(this.SUBRULE2(this.partition_query)));
    });
    this.CONSUME(T.End);
    return this.ACTION(() => ({
      kind: 'partition',
      annotations,
      partitionTypes,
      queries,
      span: this.b.span(start, this.LA(0)),
    }));
  });

  partition_query = this.RULE('partition_query', (): Query => {
    const start = this.LA(1);
    const annotations: Annotation[] = [];
    this.MANY(() => annotations.push(this.SUBRULE(this.annotation)));
    return this.SUBRULE(this.query, { ARGS: [annotations, start] });
  });

  partition_with_stream = this.RULE('partition_with_stream', (): PartitionType => {
    const first = this.LA(1);
    const expression = this.SUBRULE(this.expression);
    return this.OR<PartitionType>([
      {
        ALT: () => {
          this.CONSUME(T.Of);
          const id = this.SUBRULE(this.name);
          return this.ACTION(() => ({
            kind: 'valuePartition',
            streamId: nameOf(id),
            streamSpan: this.b.span(id, id),
            expression,
            span: this.b.span(first, id),
          }));
        },
      },
      {
        ALT: () => {
          const ranges: RangePartitionCondition[] = [];
          const range = (condition: Expression, idx: number): void => {
            this.consume(idx, T.As);
            const label = this.subrule(idx, this.string_value);
            this.ACTION(() =>
              ranges.push({
                kind: 'rangeCondition',
                condition,
                label: this.b.string(label),
                span: join(condition.span, this.b.span(label, label)),
              }),
            );
          };
          range(expression, 1);
          this.MANY(() => {
            this.CONSUME(T.Or);
            range(this.SUBRULE2(this.expression), 2);
          });
          this.CONSUME2(T.Of);
          const id = this.SUBRULE2(this.name);
          return this.ACTION(() => ({
            kind: 'rangePartition',
            streamId: nameOf(id),
            streamSpan: this.b.span(id, id),
            ranges,
            span: this.b.span(first, id),
          }));
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- queries

  query = this.RULE('query', (annotations: Annotation[], start: IToken): Query => {
    this.ACTION(() => {
      this.b.activeStreams.clear();
    });
    this.CONSUME(T.From);
    const input = this.SUBRULE(this.query_input);
    const selector = this.OPTION(() => this.SUBRULE(this.query_section));
    const outputRate = this.OPTION2(() => this.SUBRULE(this.output_rate));
    const output = this.SUBRULE(this.query_output);
    return this.ACTION(() => {
      const node: Mutable<Query> = {
        kind: 'query',
        annotations,
        input,
        selector: selector ?? this.defaultSelector(),
        output,
        span: this.b.span(start, this.LA(0)),
      };
      if (outputRate !== undefined) node.outputRate = outputRate;
      return node;
    });
  });

  query_input = this.RULE('query_input', (): InputStream => {
    const kind = this.ACTION(() => this.classifyInput());
    return this.OR<InputStream>({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        {
          // `from select …`: report the missing stream name at the clause keyword.
          GATE: () => kind === 'missing',
          ALT: () => {
            this.ACTION(() => {
              const token = this.LA(1);
              setLastExpected([T.Identifier]);
              const message = syntaxMessages.E_UNEXPECTED_TOKEN(describeToken(token), [
                'a stream name',
              ]);
              const error = new MismatchedTokenException(message, token, this.LA(0));
              this.errors = [...this.errors, error];
              throw error;
            });
            return this.SUBRULE2(this.standard_stream);
          },
        },
        { GATE: () => kind === 'anonymous', ALT: () => this.SUBRULE(this.anonymous_stream) },
        { GATE: () => kind === 'join', ALT: () => this.SUBRULE(this.join_stream) },
        { GATE: () => kind === 'sequence', ALT: () => this.SUBRULE(this.sequence_stream) },
        { GATE: () => kind === 'pattern', ALT: () => this.SUBRULE(this.pattern_stream) },
        { ALT: () => this.SUBRULE(this.standard_stream) },
      ],
    });
  });

  standard_stream = this.RULE('standard_stream', (): SingleInputStream => {
    const source = this.SUBRULE(this.source);
    this.ACTION(() => {
      this.b.source(source);
    });
    const handlers: StreamHandler[] = [];
    this.MANY(() => {
      handlers.push(
        this.OR({
          MAX_LOOKAHEAD: 3,
          DEF: [
            { ALT: () => this.SUBRULE(this.filter) },
            { ALT: () => this.SUBRULE(this.window) },
            { ALT: () => this.SUBRULE(this.stream_function) },
          ],
        }),
      );
    });
    return this.ACTION(() => this.single(source, handlers, undefined));
  });

  join_stream = this.RULE('join_stream', (): JoinInputStream => {
    const left = this.SUBRULE(this.join_source);
    let type: JoinType = 'join';
    let trigger: JoinInputStream['trigger'] = 'all';
    const right = this.OR([
      {
        ALT: () => {
          type = this.SUBRULE(this.join);
          const r = this.SUBRULE2(this.join_source);
          this.OPTION(() => {
            this.CONSUME(T.Unidirectional);
            trigger = 'right';
          });
          return r;
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Unidirectional);
          trigger = 'left';
          type = this.SUBRULE2(this.join);
          return this.SUBRULE3(this.join_source);
        },
      },
    ]);
    const on = this.OPTION2(() => {
      this.CONSUME(T.On);
      return this.SUBRULE(this.expression);
    });
    const withinPer = this.OPTION3(() => {
      const within = this.SUBRULE(this.within_time_range);
      const per = this.SUBRULE(this.per);
      return { within, per };
    });
    return this.ACTION(() => {
      const node: Mutable<JoinInputStream> = {
        kind: 'join',
        left,
        right,
        type,
        trigger,
        span: join(left.span, this.b.span(this.LA(0), this.LA(0))),
      };
      if (on !== undefined) node.on = on;
      if (withinPer !== undefined) {
        node.within = withinPer.within;
        node.per = withinPer.per;
      }
      return node;
    });
  });

  join_source = this.RULE('join_source', (): SingleInputStream => {
    const source = this.SUBRULE(this.source);
    const handlers: StreamHandler[] = [];
    this.MANY({
      MAX_LOOKAHEAD: 3,
      DEF: () => {
        handlers.push(
          this.OR([
            { ALT: () => this.SUBRULE(this.filter) },
            { ALT: () => this.SUBRULE(this.stream_function) },
          ]),
        );
      },
    });
    this.OPTION(() => handlers.push(this.SUBRULE(this.window)));
    const alias = this.OPTION2(() => {
      this.CONSUME(T.As);
      return this.SUBRULE(this.name);
    });
    return this.ACTION(() => {
      if (alias === undefined) this.b.source(source);
      else this.b.activeStreams.add(nameOf(alias));
      return this.single(source, handlers, alias === undefined ? undefined : nameOf(alias));
    });
  });

  join = this.RULE('join', (): JoinType => {
    return this.OR<JoinType>([
      {
        ALT: () => {
          this.CONSUME(T.Left);
          this.CONSUME(T.Outer);
          this.CONSUME(T.Join);
          return 'left outer';
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Right);
          this.CONSUME2(T.Outer);
          this.CONSUME2(T.Join);
          return 'right outer';
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Full);
          this.CONSUME3(T.Outer);
          this.CONSUME3(T.Join);
          return 'full outer';
        },
      },
      {
        ALT: () => {
          const outer = this.CONSUME4(T.Outer);
          this.CONSUME4(T.Join);
          this.ACTION(() => {
            this.b.error(
              'E_OUTER_JOIN',
              syntaxMessages.E_OUTER_JOIN(),
              this.b.span(outer, this.LA(0)),
            );
          });
          return 'full outer';
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Inner);
          this.CONSUME5(T.Join);
          return 'inner';
        },
      },
      {
        ALT: () => {
          this.CONSUME6(T.Join);
          return 'join';
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- patterns and sequences

  pattern_stream = this.RULE('pattern_stream', (): StateInputStream => {
    const state = this.SUBRULE(this.every_pattern_source_chain);
    const within = this.OPTION(() => this.SUBRULE(this.within_time));
    return this.ACTION(() => this.stateStream('pattern', state, within));
  });

  every_pattern_source_chain = this.RULE('every_pattern_source_chain', (): StateElement => {
    let state = this.SUBRULE(this.pattern_source_chain);
    this.MANY(() => {
      this.CONSUME(T.Arrow);
      const next = this.SUBRULE2(this.pattern_source_chain);
      state = this.ACTION(() => ({
        kind: 'nextState',
        first: state,
        next,
        span: join(state.span, next.span),
      }));
    });
    return state;
  });

  /** One element of a `->` chain: `every x`, `every (chain)`, `(chain)` or a pattern source. */
  pattern_source_chain = this.RULE('pattern_source_chain', (): StateElement => {
    const first = this.LA(1);
    return this.OR<StateElement>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Every);
            this.CONSUME(T.LParen);
            const state = this.SUBRULE(this.every_pattern_source_chain);
            this.CONSUME(T.RParen);
            return this.ACTION(() => ({
              kind: 'everyState',
              state,
              span: this.b.span(first, this.LA(0)),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.Every);
            const state = this.SUBRULE(this.pattern_source, { ARGS: [false] });
            return this.ACTION(() => ({
              kind: 'everyState',
              state,
              span: this.b.span(first, this.LA(0)),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.LParen);
            const state = this.SUBRULE2(this.every_pattern_source_chain);
            this.CONSUME2(T.RParen);
            return state;
          },
        },
        { ALT: () => this.SUBRULE2(this.pattern_source, { ARGS: [false] }) },
      ],
    });
  });

  /**
   * A stateful source with its logical (`and`/`or`) or counting suffix, or an absent
   * (`not S for t`) source. Sequences also allow `+`, `*` and `?`.
   */
  pattern_source = this.RULE('pattern_source', (sequence: boolean): StateElement => {
    return this.OR<StateElement>({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        {
          ALT: () => {
            const absent = this.SUBRULE(this.basic_absent_pattern_source);
            const logical = this.OPTION(() => this.SUBRULE(this.logical_tail));
            return this.ACTION(() =>
              logical === undefined
                ? this.b.loneAbsent(absent)
                : this.b.logical(logical.op, absent, logical.right),
            );
          },
        },
        {
          ALT: () => {
            const state = this.SUBRULE(this.standard_stateful_source);
            const suffix = this.OPTION2(() =>
              this.OR2<StateElement | { op: 'and' | 'or'; right: StreamState | AbsentState }>([
                { ALT: () => this.SUBRULE2(this.logical_tail) },
                {
                  ALT: () => {
                    const lt = this.CONSUME(T.Lt);
                    const collect = this.OPTION3(() => this.SUBRULE(this.collect));
                    this.CONSUME(T.Gt);
                    return this.ACTION(() => {
                      if (collect !== undefined)
                        return this.count(state, collect[0], collect[1], 'range');
                      this.b.error(
                        'E_BAD_COUNT',
                        syntaxMessages.E_BAD_COUNT(),
                        this.b.span(lt, this.LA(0)),
                      );
                      return state;
                    });
                  },
                },
                {
                  ALT: () => {
                    const op = this.OR3([
                      { ALT: () => this.CONSUME(T.Plus) },
                      { ALT: () => this.CONSUME(T.Star) },
                      { ALT: () => this.CONSUME(T.Question) },
                    ]);
                    return this.ACTION(() => {
                      if (!sequence) {
                        this.b.error(
                          'E_SEQUENCE_ONLY',
                          syntaxMessages.E_SEQUENCE_ONLY(op.image),
                          this.b.span(op, op),
                        );
                      }
                      const notation = op.image as '+' | '*' | '?';
                      const [min, max] =
                        notation === '+' ? [1, -1] : notation === '*' ? [0, -1] : [0, 1];
                      return this.count(state, min, max, notation);
                    });
                  },
                },
              ]),
            );
            return this.ACTION(() => {
              if (suffix === undefined) return state;
              if ('op' in suffix) return this.b.logical(suffix.op, state, suffix.right);
              return suffix;
            });
          },
        },
      ],
    });
  });

  logical_tail = this.RULE(
    'logical_tail',
    (): { op: 'and' | 'or'; right: StreamState | AbsentState } => {
      const op = this.OR<'and' | 'or'>([
        {
          ALT: () => {
            this.CONSUME(T.And);
            return 'and';
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Or);
            return 'or';
          },
        },
      ]);
      const right = this.OR2<StreamState | AbsentState>({
        IGNORE_AMBIGUITIES: true,
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: () => this.SUBRULE(this.basic_absent_pattern_source) },
          { ALT: () => this.SUBRULE(this.standard_stateful_source) },
        ],
      });
      return { op, right };
    },
  );

  basic_absent_pattern_source = this.RULE('basic_absent_pattern_source', (): AbsentState => {
    const not = this.CONSUME(T.Not);
    const input = this.SUBRULE(this.basic_source);
    const waitingTime = this.OPTION(() => {
      this.CONSUME(T.For);
      return this.SUBRULE(this.time_value);
    });
    return this.ACTION(() => {
      const node: Mutable<AbsentState> = {
        kind: 'absentState',
        input,
        span: this.b.span(not, this.LA(0)),
      };
      if (waitingTime !== undefined) node.waitingTime = waitingTime;
      return node;
    });
  });

  standard_stateful_source = this.RULE('standard_stateful_source', (): StreamState => {
    const first = this.LA(1);
    const ref = this.OPTION(() => {
      const event = this.SUBRULE(this.name);
      this.CONSUME(T.Assign);
      return event;
    });
    if (ref !== undefined) this.ACTION(() => this.b.activeStreams.add(nameOf(ref)));
    const input = this.SUBRULE(this.basic_source);
    return this.ACTION(() => {
      const node: Mutable<StreamState> = {
        kind: 'streamState',
        input,
        span: this.b.span(first, this.LA(0)),
      };
      if (ref !== undefined) node.ref = nameOf(ref);
      return node;
    });
  });

  basic_source = this.RULE('basic_source', (): SingleInputStream => {
    const source = this.SUBRULE(this.source);
    this.ACTION(() => {
      this.b.source(source);
    });
    const handlers: StreamHandler[] = [];
    this.MANY(() => {
      handlers.push(
        this.OR([
          { ALT: () => this.SUBRULE(this.filter) },
          { ALT: () => this.SUBRULE(this.stream_function) },
        ]),
      );
    });
    return this.ACTION(() => this.single(source, handlers, undefined));
  });

  collect = this.RULE('collect', (): [number, number] => {
    return this.OR<[number, number]>([
      {
        ALT: () => {
          const min = this.CONSUME(T.IntLiteral);
          const max = this.OPTION(() => {
            this.CONSUME(T.Colon);
            return this.OPTION2(() => this.CONSUME2(T.IntLiteral));
          });
          return this.ACTION((): [number, number] => {
            const n = Number(min.image);
            if (max === undefined) return this.LA(0) === min ? [n, n] : [n, -1];
            return [n, Number(max.image)];
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Colon);
          const max = this.CONSUME3(T.IntLiteral);
          return this.ACTION((): [number, number] => [0, Number(max.image)]);
        },
      },
    ]);
  });

  sequence_stream = this.RULE('sequence_stream', (): StateInputStream => {
    const first = this.LA(1);
    const every = this.OPTION(() => this.CONSUME(T.Every));
    const head = this.SUBRULE(this.sequence_source);
    this.CONSUME(T.Comma);
    const rest = this.SUBRULE(this.sequence_source_chain);
    const within = this.OPTION2(() => this.SUBRULE(this.within_time));
    return this.ACTION(() => {
      const firstState: StateElement =
        every === undefined
          ? head
          : { kind: 'everyState', state: head, span: join(this.b.span(first, first), head.span) };
      const state: StateElement = {
        kind: 'nextState',
        first: firstState,
        next: rest,
        span: join(firstState.span, rest.span),
      };
      return this.stateStream('sequence', state, within);
    });
  });

  sequence_source_chain = this.RULE('sequence_source_chain', (): StateElement => {
    let state = this.SUBRULE(this.sequence_source);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      const next = this.SUBRULE2(this.sequence_source);
      state = this.ACTION(() => ({
        kind: 'nextState',
        first: state,
        next,
        span: join(state.span, next.span),
      }));
    });
    return state;
  });

  sequence_source = this.RULE('sequence_source', (): StateElement => {
    return this.OR<StateElement>([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const state = this.SUBRULE(this.sequence_source_chain);
          this.CONSUME(T.RParen);
          return state;
        },
      },
      { ALT: () => this.SUBRULE(this.pattern_source, { ARGS: [true] }) },
    ]);
  });

  anonymous_stream = this.RULE('anonymous_stream', (): AnonymousInputStream => {
    return this.OR<AnonymousInputStream>([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.anonymous_stream);
          this.CONSUME(T.RParen);
          return inner;
        },
      },
      {
        ALT: () => {
          const from = this.CONSUME(T.From);
          const saved = this.ACTION(() => {
            const streams = this.b.activeStreams;
            this.b.activeStreams = new Set();
            return streams;
          });
          const input = this.SUBRULE(this.query_input);
          const selector = this.OPTION(() => this.SUBRULE(this.query_section));
          const outputRate = this.OPTION2(() => this.SUBRULE(this.output_rate));
          const ret = this.CONSUME(T.Return);
          const eventType = this.OPTION3(() => this.SUBRULE(this.output_event_type));
          return this.ACTION(() => {
            this.b.activeStreams = saved;
            const output: Mutable<OutputStream> = {
              kind: 'return',
              span: this.b.span(ret, this.LA(0)),
            };
            if (eventType !== undefined) output.eventType = eventType;
            const query: Mutable<Query> = {
              kind: 'query',
              annotations: [],
              input,
              selector: selector ?? this.defaultSelector(),
              output,
              span: this.b.span(from, this.LA(0)),
            };
            if (outputRate !== undefined) query.outputRate = outputRate;
            return { kind: 'anonymous', query, handlers: [], span: query.span };
          });
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- stream handlers

  filter = this.RULE('filter', (): StreamHandler => {
    const first = this.LA(1);
    this.OPTION(() => this.CONSUME(T.Hash));
    this.CONSUME(T.LBracket);
    const condition = this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
    return this.ACTION(() => ({ kind: 'filter', condition, span: this.b.span(first, this.LA(0)) }));
  });

  stream_function = this.RULE('stream_function', (): StreamHandler => {
    const hash = this.CONSUME(T.Hash);
    const call = this.SUBRULE(this.function_operation);
    return this.ACTION(() => ({
      kind: 'streamFunction',
      call,
      span: this.b.span(hash, this.LA(0)),
    }));
  });

  window = this.RULE('window', (): StreamHandler => {
    const hash = this.CONSUME(T.Hash);
    this.CONSUME(T.Window);
    this.CONSUME(T.Dot);
    const call = this.SUBRULE(this.function_operation);
    return this.ACTION(() => ({ kind: 'window', call, span: this.b.span(hash, this.LA(0)) }));
  });

  source = this.RULE('source', (): SourceRef => {
    const first = this.LA(1);
    let inner = false;
    let fault = false;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Hash);
            inner = true;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Bang);
            fault = true;
          },
        },
      ]);
    });
    const id = this.SUBRULE(this.name);
    return this.ACTION(() => ({ id: nameOf(id), inner, fault, span: this.b.span(first, id) }));
  });

  // ---------------------------------------------------------------- selection and output

  query_section = this.RULE('query_section', (): Selector => {
    const first = this.LA(1);
    const selector = this.SUBRULE(this.group_by_query_selection);
    const having = this.OPTION(() => {
      this.CONSUME(T.Having);
      return this.SUBRULE(this.expression);
    });
    const orderBy: OrderByAttribute[] = [];
    this.OPTION2(() => {
      this.CONSUME(T.Order);
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => orderBy.push(this.SUBRULE(this.order_by_reference)),
      });
    });
    const limit = this.OPTION3(() => {
      this.CONSUME(T.Limit);
      return this.SUBRULE2(this.expression);
    });
    const offset = this.OPTION4(() => {
      this.CONSUME(T.Offset);
      return this.SUBRULE3(this.expression);
    });
    return this.ACTION(() => {
      const node: Mutable<Selector> = {
        ...selector,
        orderBy,
        span: this.b.span(first, this.LA(0)),
      };
      if (having !== undefined) node.having = having;
      if (limit !== undefined) node.limit = this.b.constant('limit', limit);
      if (offset !== undefined) node.offset = this.b.constant('offset', offset);
      return node;
    });
  });

  group_by_query_selection = this.RULE('group_by_query_selection', (): Selector => {
    const first = this.CONSUME(T.Select);
    const attributes: OutputAttribute[] = [];
    const groupBy: Variable[] = [];
    const star = this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => attributes.push(this.SUBRULE(this.output_attribute)),
          });
          return undefined;
        },
      },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.Group);
      this.CONSUME(T.By);
      this.AT_LEAST_ONE_SEP2({
        SEP: T.Comma,
        DEF: () => {
          const ref = this.SUBRULE(this.attribute_reference);
          this.ACTION(() => groupBy.push(this.b.variable(ref)));
        },
      });
    });
    return this.ACTION(() => ({
      kind: 'selector',
      selectAll: star !== undefined,
      attributes,
      groupBy,
      orderBy: [],
      span: this.b.span(first, this.LA(0)),
    }));
  });

  output_attribute = this.RULE('output_attribute', (): OutputAttribute => {
    const expression = this.SUBRULE(this.expression);
    const rename = this.OPTION(() => {
      this.CONSUME(T.As);
      return this.SUBRULE(this.name);
    });
    return this.ACTION(() => {
      if (rename === undefined) {
        if (expression.kind !== 'variable') {
          this.b.error('E_MISSING_ALIAS', syntaxMessages.E_MISSING_ALIAS(), expression.span);
        }
        return { kind: 'outputAttribute', expression, span: expression.span };
      }
      return {
        kind: 'outputAttribute',
        expression,
        rename: nameOf(rename),
        span: join(expression.span, this.b.span(rename, rename)),
      };
    });
  });

  order_by_reference = this.RULE('order_by_reference', (): OrderByAttribute => {
    const ref = this.SUBRULE(this.attribute_reference);
    const order = this.OPTION(() =>
      this.OR([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }]),
    );
    return this.ACTION(() => ({
      kind: 'orderBy',
      variable: this.b.variable(ref),
      order: order?.tokenType === T.Desc ? 'desc' : 'asc',
      span: join(ref.span, this.b.span(this.LA(0), this.LA(0))),
    }));
  });

  output_rate = this.RULE('output_rate', (): OutputRate => {
    const first = this.CONSUME(T.Output);
    return this.OR<OutputRate>([
      {
        ALT: () => {
          this.CONSUME(T.Snapshot);
          this.CONSUME(T.Every);
          const interval = this.SUBRULE(this.time_value);
          return this.ACTION(() => ({
            kind: 'snapshotOutputRate',
            interval,
            span: this.b.span(first, this.LA(0)),
          }));
        },
      },
      {
        ALT: () => {
          const typeToken = this.OPTION(() =>
            this.OR2([
              { ALT: () => this.CONSUME(T.All) },
              { ALT: () => this.CONSUME(T.Last) },
              { ALT: () => this.CONSUME(T.First) },
            ]),
          );
          this.CONSUME2(T.Every);
          const type = this.ACTION(() =>
            typeToken === undefined
              ? 'all'
              : (typeToken.image.toLowerCase() as 'all' | 'first' | 'last'),
          );
          return this.OR3<OutputRate>([
            {
              ALT: () => {
                const interval = this.SUBRULE2(this.time_value);
                return this.ACTION(() => ({
                  kind: 'timeOutputRate',
                  type,
                  interval,
                  span: this.b.span(first, this.LA(0)),
                }));
              },
            },
            {
              ALT: () => {
                const count = this.CONSUME(T.IntLiteral);
                this.CONSUME(T.Events);
                return this.ACTION(() => ({
                  kind: 'eventOutputRate',
                  type,
                  events: Number(count.image),
                  span: this.b.span(first, this.LA(0)),
                }));
              },
            },
          ]);
        },
      },
    ]);
  });

  query_output = this.RULE('query_output', (): OutputStream => {
    const first = this.LA(1);
    return this.OR<OutputStream>({
      MAX_LOOKAHEAD: 3,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Insert);
            const eventType = this.OPTION(() => this.SUBRULE(this.output_event_type));
            this.CONSUME(T.Into);
            const target = this.SUBRULE(this.source);
            return this.ACTION(() => {
              const node: Mutable<OutputStream> = {
                kind: 'insert',
                target: target.id,
                targetSpan: target.span,
                span: this.b.span(first, this.LA(0)),
              };
              if (target.inner) node.inner = true;
              if (target.fault) node.fault = true;
              if (eventType !== undefined) node.eventType = eventType;
              return node;
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Delete);
            const target = this.SUBRULE2(this.source);
            const eventType = this.OPTION2(() => this.SUBRULE(this.for_events));
            this.CONSUME(T.On);
            const on = this.SUBRULE(this.expression);
            return this.ACTION(() => {
              this.b.tableTarget(target, 'delete');
              const node: Mutable<OutputStream> = {
                kind: 'delete',
                target: target.id,
                targetSpan: target.span,
                on,
                span: this.b.span(first, this.LA(0)),
              };
              if (eventType !== undefined) node.eventType = eventType;
              return node;
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Update);
            this.CONSUME(T.Or);
            this.CONSUME2(T.Insert);
            this.CONSUME2(T.Into);
            return this.SUBRULE(this.update_tail, { ARGS: ['updateOrInsert', first] });
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.Update);
            return this.SUBRULE2(this.update_tail, { ARGS: ['update', first] });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Return);
            const eventType = this.OPTION3(() => this.SUBRULE2(this.output_event_type));
            return this.ACTION(() => {
              const node: Mutable<OutputStream> = {
                kind: 'return',
                span: this.b.span(first, this.LA(0)),
              };
              if (eventType !== undefined) node.eventType = eventType;
              return node;
            });
          },
        },
      ],
    });
  });

  /** `T [for … events] [set …] on cond` after `update` / `update or insert into`. */
  update_tail = this.RULE(
    'update_tail',
    (kind: 'update' | 'updateOrInsert', first: IToken): OutputStream => {
      const target = this.SUBRULE(this.source);
      const eventType = this.OPTION(() => this.SUBRULE(this.for_events));
      const set = this.OPTION2(() => this.SUBRULE(this.set_clause)) ?? [];
      this.CONSUME(T.On);
      const on = this.SUBRULE(this.expression);
      return this.ACTION(() => {
        this.b.tableTarget(target, kind === 'update' ? 'update' : 'update or insert into');
        const node: Mutable<OutputStream> = {
          kind,
          target: target.id,
          targetSpan: target.span,
          set,
          on,
          span: this.b.span(first, this.LA(0)),
        };
        if (eventType !== undefined) node.eventType = eventType;
        return node;
      });
    },
  );

  for_events = this.RULE('for_events', (): OutputEventType => {
    this.CONSUME(T.For);
    return this.SUBRULE(this.output_event_type);
  });

  set_clause = this.RULE('set_clause', (): SetAssignment[] => {
    const set: SetAssignment[] = [];
    this.CONSUME(T.SetKw);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const ref = this.SUBRULE(this.attribute_reference);
        this.CONSUME(T.Assign);
        const value = this.SUBRULE(this.expression);
        this.ACTION(() =>
          set.push({
            kind: 'set',
            target: this.b.variable(ref),
            value,
            span: join(ref.span, value.span),
          }),
        );
      },
    });
    return set;
  });

  output_event_type = this.RULE('output_event_type', (): OutputEventType => {
    return this.OR<OutputEventType>([
      {
        ALT: () => {
          this.CONSUME(T.All);
          this.CONSUME(T.Events);
          return 'all';
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Expired);
          this.CONSUME2(T.Events);
          return 'expired';
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Current));
          this.CONSUME3(T.Events);
          return 'current';
        },
      },
    ]);
  });

  within_time = this.RULE('within_time', (): TimeConstant => {
    this.CONSUME(T.Within);
    return this.SUBRULE(this.time_value);
  });

  within_time_range = this.RULE('within_time_range', (): WithinRange => {
    const first = this.CONSUME(T.Within);
    const start = this.SUBRULE(this.expression);
    const end = this.OPTION(() => {
      this.CONSUME(T.Comma);
      return this.SUBRULE2(this.expression);
    });
    return this.ACTION(() => {
      const node: Mutable<WithinRange> = {
        kind: 'withinRange',
        start,
        span: this.b.span(first, this.LA(0)),
      };
      if (end !== undefined) node.end = end;
      return node;
    });
  });

  per = this.RULE('per', (): Expression => {
    this.CONSUME(T.Per);
    return this.SUBRULE(this.expression);
  });

  // ---------------------------------------------------------------- on-demand queries

  store_query = this.RULE('store_query', (): OnDemandQuery => {
    const first = this.LA(1);
    this.ACTION(() => {
      this.b.activeStreams.clear();
    });
    const result = this.OR<Pick<OnDemandQuery, 'type' | 'input' | 'selector' | 'output'>>([
      {
        ALT: () => {
          this.CONSUME(T.From);
          const input = this.SUBRULE(this.store_input);
          const selector = this.OPTION(() => this.SUBRULE(this.query_section));
          return this.ACTION(() => ({
            type: 'find' as const,
            input,
            selector: selector ?? this.defaultSelector(),
          }));
        },
      },
      {
        ALT: () => {
          const selector = this.SUBRULE2(this.query_section);
          return this.OR2<Pick<OnDemandQuery, 'type' | 'selector' | 'output'>>({
            MAX_LOOKAHEAD: 3,
            DEF: [
              {
                ALT: () => {
                  const insert = this.CONSUME(T.Insert);
                  this.CONSUME(T.Into);
                  const target = this.SUBRULE(this.source);
                  return this.ACTION(() => {
                    this.b.tableTarget(target, 'insert into');
                    return {
                      type: 'insert' as const,
                      selector,
                      output: {
                        kind: 'insert' as const,
                        target: target.id,
                        targetSpan: target.span,
                        span: this.b.span(insert, this.LA(0)),
                      },
                    };
                  });
                },
              },
              {
                ALT: () => {
                  const update = this.CONSUME(T.Update);
                  this.CONSUME(T.Or);
                  this.CONSUME2(T.Insert);
                  this.CONSUME2(T.Into);
                  const output = this.SUBRULE(this.store_update_tail, {
                    ARGS: ['updateOrInsert', update],
                  });
                  return { type: 'updateOrInsert' as const, selector, output };
                },
              },
              {
                ALT: () => {
                  const output = this.SUBRULE(this.store_query_output);
                  return this.ACTION(() => ({ type: output.kind, selector, output }));
                },
              },
            ],
          });
        },
      },
      {
        ALT: () => {
          const output = this.SUBRULE2(this.store_query_output);
          return this.ACTION(() => ({
            type: output.kind,
            selector: this.defaultSelector(),
            output,
          }));
        },
      },
    ]);
    const end = this.LA(0);
    this.OPTION9(() => this.CONSUME(T.Semicolon));
    return this.ACTION(() => {
      const node: Mutable<OnDemandQuery> = {
        kind: 'onDemandQuery',
        ...result,
        span: this.b.span(first, end),
      };
      return node;
    });
  });

  store_input = this.RULE('store_input', (): StoreInput => {
    const id = this.SUBRULE(this.name);
    const alias = this.OPTION(() => {
      this.CONSUME(T.As);
      return this.SUBRULE2(this.name);
    });
    this.ACTION(() => this.b.activeStreams.add(nameOf(alias ?? id)));
    const on = this.OPTION2(() => {
      this.CONSUME(T.On);
      return this.SUBRULE(this.expression);
    });
    const withinPer = this.OPTION3(() => {
      const within = this.SUBRULE(this.within_time_range);
      const per = this.SUBRULE(this.per);
      return { within, per };
    });
    return this.ACTION(() => {
      const node: Mutable<StoreInput> = {
        kind: 'storeInput',
        storeId: nameOf(id),
        span: this.b.span(id, this.LA(0)),
      };
      if (alias !== undefined) node.alias = nameOf(alias);
      if (on !== undefined) node.on = on;
      if (withinPer !== undefined) {
        node.within = withinPer.within;
        node.per = withinPer.per;
      }
      return node;
    });
  });

  store_query_output = this.RULE(
    'store_query_output',
    (): Exclude<OutputStream, { kind: 'return' | 'insert' | 'updateOrInsert' }> => {
      const first = this.LA(1);
      return this.OR<Exclude<OutputStream, { kind: 'return' | 'insert' | 'updateOrInsert' }>>([
        {
          ALT: () => {
            this.CONSUME(T.Delete);
            const target = this.SUBRULE(this.source);
            this.CONSUME(T.On);
            const on = this.SUBRULE(this.expression);
            return this.ACTION(() => {
              this.b.tableTarget(target, 'delete');
              return {
                kind: 'delete' as const,
                target: target.id,
                targetSpan: target.span,
                on,
                span: this.b.span(first, this.LA(0)),
              };
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Update);
            return this.SUBRULE(this.store_update_tail, { ARGS: ['update', first] }) as Extract<
              OutputStream,
              { kind: 'update' }
            >;
          },
        },
      ]);
    },
  );

  store_update_tail = this.RULE(
    'store_update_tail',
    (
      kind: 'update' | 'updateOrInsert',
      first: IToken,
    ): Extract<OutputStream, { kind: 'update' | 'updateOrInsert' }> => {
      const target = this.SUBRULE(this.source);
      const set = this.OPTION(() => this.SUBRULE(this.set_clause)) ?? [];
      this.CONSUME(T.On);
      const on = this.SUBRULE(this.expression);
      return this.ACTION(() => {
        this.b.tableTarget(target, kind === 'update' ? 'update' : 'update or insert into');
        return {
          kind,
          target: target.id,
          targetSpan: target.span,
          set,
          on,
          span: this.b.span(first, this.LA(0)),
        };
      });
    },
  );

  // ---------------------------------------------------------------- expressions

  expression = this.RULE('expression', (): Expression => this.SUBRULE(this.or_operation));

  or_operation = this.RULE('or_operation', (): Expression => {
    let left = this.SUBRULE(this.and_operation);
    this.MANY(() => {
      this.CONSUME(T.Or);
      const right = this.SUBRULE2(this.and_operation);
      left = this.ACTION(() => this.b.binary('or', left, right));
    });
    return left;
  });

  and_operation = this.RULE('and_operation', (): Expression => {
    let left = this.SUBRULE(this.in_operation);
    this.MANY(() => {
      this.CONSUME(T.And);
      const right = this.SUBRULE2(this.in_operation);
      left = this.ACTION(() => this.b.binary('and', left, right));
    });
    return left;
  });

  in_operation = this.RULE('in_operation', (): Expression => {
    let left = this.SUBRULE(this.equality_operation);
    this.MANY(() => {
      this.CONSUME(T.In);
      const table = this.SUBRULE(this.name);
      left = this.ACTION(() => ({
        kind: 'in',
        operand: left,
        table: nameOf(table),
        span: join(left.span, this.b.span(table, table)),
      }));
    });
    return left;
  });

  equality_operation = this.RULE('equality_operation', (): Expression => {
    let left = this.SUBRULE(this.comparison_operation);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.EqEq) },
        { ALT: () => this.CONSUME(T.NotEq) },
      ]);
      const right = this.SUBRULE2(this.comparison_operation);
      left = this.ACTION(() => this.b.binary(op.image as '==' | '!=', left, right));
    });
    return left;
  });

  comparison_operation = this.RULE('comparison_operation', (): Expression => {
    let left = this.SUBRULE(this.addition_operation);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.GtEq) },
        { ALT: () => this.CONSUME(T.LtEq) },
        { ALT: () => this.CONSUME(T.Gt) },
        { ALT: () => this.CONSUME(T.Lt) },
      ]);
      const right = this.SUBRULE2(this.addition_operation);
      left = this.ACTION(() => this.b.binary(op.image as '<' | '<=' | '>' | '>=', left, right));
    });
    return left;
  });

  addition_operation = this.RULE('addition_operation', (): Expression => {
    let left = this.SUBRULE(this.multiplication_operation);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
      ]);
      const right = this.SUBRULE2(this.multiplication_operation);
      left = this.ACTION(() => this.b.binary(op.image as '+' | '-', left, right));
    });
    return left;
  });

  multiplication_operation = this.RULE('multiplication_operation', (): Expression => {
    let left = this.SUBRULE(this.not_operation);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Div) },
        { ALT: () => this.CONSUME(T.Mod) },
      ]);
      const right = this.SUBRULE2(this.not_operation);
      left = this.ACTION(() => this.b.binary(op.image as '*' | '/' | '%', left, right));
    });
    return left;
  });

  /** `not` binds tighter than every binary operator (Siddhi's not_math_operation). */
  not_operation = this.RULE('not_operation', (): Expression => {
    return this.OR<Expression>({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        {
          ALT: () => {
            const not = this.CONSUME(T.Not);
            const operand = this.SUBRULE(this.not_operation);
            return this.ACTION(() => ({
              kind: 'not',
              operand,
              span: join(this.b.span(not, not), operand.span),
            }));
          },
        },
        { ALT: () => this.SUBRULE(this.basic_math_operation) },
      ],
    });
  });

  basic_math_operation = this.RULE('basic_math_operation', (): Expression => {
    return this.OR<Expression>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
            return inner;
          },
        },
        { ALT: () => this.SUBRULE(this.time_value) },
        { ALT: () => this.SUBRULE(this.constant_value) },
        { ALT: () => this.SUBRULE(this.name_operation) },
      ],
    });
  });

  /** `is null`; returns the `null` token. */
  is_null = this.RULE('is_null', (): IToken => {
    this.CONSUME(T.Is);
    return this.CONSUME(T.Null);
  });

  function_operation = this.RULE('function_operation', (): FunctionCall => {
    const first = this.LA(1);
    const namespace = this.OPTION(() => {
      const ns = this.SUBRULE(this.name);
      this.CONSUME(T.Colon);
      return ns;
    });
    const id = this.SUBRULE2(this.name);
    const args = this.SUBRULE(this.function_args);
    return this.ACTION(() => this.call(first, namespace, id, args));
  });

  /** `( a, b )`, `()` or `(*)` (every input attribute, as `pol2Cart(*)` takes them). */
  function_args = this.RULE('function_args', (): FunctionArgs => {
    const args: Expression[] = [];
    let all = false;
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Star);
            all = true;
          },
        },
        {
          ALT: () => {
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => args.push(this.SUBRULE(this.expression)),
            });
          },
        },
      ]);
    });
    this.CONSUME(T.RParen);
    return { args, all };
  });

  /**
   * What starts with a name inside an expression: `ns:f(…)`, `f(…)`, `#S.a`, `e1[last].a`,
   * `a`, each optionally followed by `is null` (Siddhi's function_operation,
   * attribute_reference, stream_reference and null_check).
   */
  name_operation = this.RULE('name_operation', (): Expression => {
    const first = this.LA(1);
    let inner = false;
    let fault = false;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Hash);
            inner = true;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Bang);
            fault = true;
          },
        },
      ]);
    });
    const head = this.SUBRULE(this.name);
    const operand = this.OR2<FunctionCall | RawReference>([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          const id = this.SUBRULE2(this.name);
          const args = this.SUBRULE(this.function_args);
          return this.ACTION(() => this.call(first, head, id, args));
        },
      },
      {
        ALT: () => {
          const args = this.SUBRULE2(this.function_args);
          return this.ACTION(() => this.call(first, undefined, head, args));
        },
      },
      { ALT: () => this.SUBRULE(this.reference_tail, { ARGS: [first, inner, fault, head] }) },
    ]);
    const isNull = this.OPTION2(() => this.SUBRULE(this.is_null));
    return this.ACTION((): Expression => {
      if ('kind' in operand) {
        if (inner || fault) {
          this.b.error(
            'E_UNEXPECTED_TOKEN',
            syntaxMessages.E_UNEXPECTED_TOKEN(`'${inner ? '#' : '!'}'`, ['a name']),
            operand.span,
          );
        }
        return isNull === undefined
          ? operand
          : { kind: 'isNull', operand, span: join(operand.span, this.b.span(isNull, isNull)) };
      }
      return isNull === undefined
        ? this.b.variable(operand)
        : this.b.isNull(operand, join(operand.span, this.b.span(isNull, isNull)));
    });
  });

  /** `[index]` and `.attribute` after a stream or attribute name. */
  reference_tail = this.RULE(
    'reference_tail',
    (first: IToken, inner: boolean, fault: boolean, head: IToken): RawReference => {
      const index = this.OPTION(() => {
        this.CONSUME(T.LBracket);
        const i = this.SUBRULE(this.attribute_index);
        this.CONSUME(T.RBracket);
        return i;
      });
      const attribute = this.OPTION2(() => {
        this.CONSUME(T.Dot);
        return this.SUBRULE(this.name);
      });
      return this.ACTION(() => {
        const ref: Mutable<RawReference> = {
          span: this.b.span(first, this.LA(0)),
          inner,
          fault,
          name: nameOf(head),
        };
        if (index !== undefined) ref.index = index;
        if (attribute !== undefined) ref.attribute = nameOf(attribute);
        return ref;
      });
    },
  );

  /** `#S.a`, `!S.a`, `e1[last-1].a`, `S.a`, `a` — or a stream reference before `is null`. */
  attribute_reference = this.RULE('attribute_reference', (): RawReference => {
    const first = this.LA(1);
    let inner = false;
    let fault = false;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Hash);
            inner = true;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Bang);
            fault = true;
          },
        },
      ]);
    });
    const name = this.SUBRULE(this.name);
    const index = this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      const i = this.SUBRULE(this.attribute_index);
      this.CONSUME(T.RBracket);
      return i;
    });
    const attribute = this.OPTION3(() => {
      this.CONSUME(T.Dot);
      return this.SUBRULE2(this.name);
    });
    return this.ACTION(() => {
      const ref: Mutable<RawReference> = {
        span: this.b.span(first, this.LA(0)),
        inner,
        fault,
        name: nameOf(name),
      };
      if (index !== undefined) ref.index = index;
      if (attribute !== undefined) ref.attribute = nameOf(attribute);
      return ref;
    });
  });

  attribute_index = this.RULE('attribute_index', (): StreamIndex => {
    return this.OR<StreamIndex>([
      {
        ALT: () => {
          const value = this.CONSUME(T.IntLiteral);
          return this.ACTION(() => ({ kind: 'index', value: Number(value.image) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Last);
          const minus = this.OPTION(() => {
            this.CONSUME(T.Minus);
            return this.CONSUME2(T.IntLiteral);
          });
          return this.ACTION(() => ({
            kind: 'last',
            minus: minus === undefined ? 0 : Number(minus.image),
          }));
        },
      },
    ]);
  });

  constant_value = this.RULE('constant_value', (): Expression => {
    return this.OR<Expression>([
      {
        ALT: () => {
          const sign = this.OPTION(() =>
            this.OR2([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]),
          );
          const number = this.OR3([
            { ALT: () => this.CONSUME(T.IntLiteral) },
            { ALT: () => this.CONSUME(T.LongLiteral) },
            { ALT: () => this.CONSUME(T.FloatLiteral) },
            { ALT: () => this.CONSUME(T.DoubleLiteral) },
          ]);
          return this.ACTION(() => this.b.number(sign, number));
        },
      },
      {
        ALT: () => {
          const token = this.SUBRULE(this.string_value);
          return this.ACTION(() => ({
            kind: 'constant',
            type: 'string',
            value: this.b.string(token),
            span: this.b.span(token, token),
          }));
        },
      },
      {
        ALT: () => {
          const token = this.OR4([
            { ALT: () => this.CONSUME(T.True) },
            { ALT: () => this.CONSUME(T.False) },
          ]);
          return this.ACTION(() => ({
            kind: 'constant',
            type: 'bool',
            value: token.tokenType === T.True,
            span: this.b.span(token, token),
          }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.Null);
          return this.ACTION(() => ({
            kind: 'constant',
            type: 'null',
            value: null,
            span: this.b.span(token, token),
          }));
        },
      },
    ]);
  });

  time_value = this.RULE('time_value', (): TimeConstant => {
    const parts: [IToken, IToken][] = [];
    this.AT_LEAST_ONE(() => {
      const value = this.CONSUME(T.IntLiteral);
      const unit = this.CONSUME(T.TimeUnitKw);
      parts.push([value, unit]);
    });
    return this.ACTION(() => this.b.time(parts));
  });

  string_value = this.RULE('string_value', (): IToken => {
    return this.OR([
      { ALT: () => this.CONSUME(T.SingleString) },
      { ALT: () => this.CONSUME(T.DoubleString) },
      { ALT: () => this.CONSUME(T.TripleString) },
    ]);
  });

  name = this.RULE('name', (): IToken => this.CONSUME(T.Name));

  /** Entry point for `parseExpression`. */
  expression_final = this.RULE('expression_final', (): Expression => this.SUBRULE(this.expression));

  // ---------------------------------------------------------------- helpers (not rules)

  private call(
    first: IToken,
    namespace: IToken | undefined,
    id: IToken,
    { args, all }: FunctionArgs,
  ): FunctionCall {
    const node: Mutable<FunctionCall> = {
      kind: 'function',
      name: nameOf(id),
      args,
      span: this.b.span(first, this.LA(0)),
    };
    if (namespace !== undefined) node.namespace = nameOf(namespace);
    if (all) node.allAttributes = true;
    return node;
  }

  private defaultSelector(): Selector {
    return {
      kind: 'selector',
      selectAll: true,
      attributes: [],
      groupBy: [],
      orderBy: [],
      span: this.b.before(this.LA(1)),
    };
  }

  private single(
    source: SourceRef,
    handlers: StreamHandler[],
    alias: string | undefined,
  ): SingleInputStream {
    let windows = 0;
    for (const handler of handlers) {
      if (handler.kind === 'window' && ++windows === 2) {
        this.b.error('E_MULTIPLE_WINDOWS', syntaxMessages.E_MULTIPLE_WINDOWS(), handler.span);
      }
    }
    const last = handlers[handlers.length - 1];
    const node: Mutable<SingleInputStream> = {
      kind: 'single',
      streamId: source.id,
      handlers,
      span:
        alias === undefined && last === undefined
          ? source.span
          : join(source.span, this.b.span(this.LA(0), this.LA(0))),
    };
    if (source.inner) node.inner = true;
    if (source.fault) node.fault = true;
    if (alias !== undefined) node.alias = alias;
    return node;
  }

  private count(
    state: StreamState,
    min: number,
    max: number,
    notation: 'range' | '+' | '*' | '?',
  ): StateElement {
    return {
      kind: 'countState',
      state,
      min,
      max,
      notation,
      span: join(state.span, this.b.span(this.LA(0), this.LA(0))),
    };
  }

  private stateStream(
    kind: 'pattern' | 'sequence',
    state: StateElement,
    within: TimeConstant | undefined,
  ): StateInputStream {
    const node: Mutable<StateInputStream> = {
      kind,
      state,
      span: join(state.span, within?.span ?? state.span),
    };
    if (within !== undefined) node.within = within;
    return node;
  }

  /**
   * Decides which kind of query input follows `from` by scanning ahead to the end of the
   * input (`select`, `output`, `insert`, …): `->` means a pattern, `join` a join, a top-level
   * `,` a sequence, and `every`, `not`, `=`, `<`, `and`, `or` or a leading `(` a pattern.
   */
  private classifyInput(): QueryInputKind {
    let i = 1;
    while (this.LA(i).tokenType === T.LParen) i++;
    if (this.LA(i).tokenType === T.From) {
      const after = this.LA(i + 1).tokenType;
      if (
        i > 1 ||
        !(INPUT_END.has(after) || after === T.LBracket || after === T.Hash || after === T.As)
      ) {
        return 'anonymous';
      }
    }
    const firstType = this.LA(1).tokenType;
    if (CLAUSE_START.has(firstType) && !FOLLOWS_SOURCE.has(this.LA(2).tokenType)) return 'missing';
    let depth = 0;
    let comma = false;
    let patternish = firstType === T.Every || firstType === T.Not || firstType === T.LParen;
    for (i = 1; ; i++) {
      const type = this.LA(i).tokenType;
      if (type === EOF) break;
      if (type === T.LParen || type === T.LBracket) depth++;
      else if (type === T.RParen || type === T.RBracket) depth--;
      else if (type === T.Arrow) return 'pattern';
      else if (depth <= 0 && i > 1) {
        if (INPUT_END.has(type)) break;
        if (type === T.Join || type === T.Unidirectional) return 'join';
        if (type === T.Comma) comma = true;
        else if (type === T.Assign || type === T.Lt || type === T.And || type === T.Or)
          patternish = true;
        else if (type === T.Within && !comma) patternish = true;
      }
    }
    if (comma) return 'sequence';
    return patternish ? 'pattern' : 'standard';
  }

  private buildApp(
    first: IToken,
    annotations: Annotation[],
    elements: (Definition | ExecutionElement)[],
  ): SiddhiApp {
    const definitions: Definition[] = [];
    const executionElements: ExecutionElement[] = [];
    let reportedOrder = false;
    for (const element of elements) {
      if (element.kind === 'query' || element.kind === 'partition') {
        executionElements.push(element);
      } else {
        if (executionElements.length > 0 && !reportedOrder) {
          reportedOrder = true;
          this.b.error('E_DEFINITION_ORDER', syntaxMessages.E_DEFINITION_ORDER(), element.span);
        }
        definitions.push(element);
      }
    }
    const app: Mutable<SiddhiApp> = {
      kind: 'app',
      annotations,
      definitions,
      elements: executionElements,
      span: this.b.span(first, this.LA(0)),
    };
    for (const annotation of annotations) {
      if (annotation.name.toLowerCase() === 'name' && annotation.elements[0] !== undefined) {
        app.name = annotation.elements[0].value;
        break;
      }
    }
    return app;
  }
}

let instance: SiddhiQLParser | undefined;

/** The shared parser (building one runs Chevrotain's grammar analysis, so it is done once). */
export function siddhiParser(): SiddhiQLParser {
  instance ??= new SiddhiQLParser();
  return instance;
}
