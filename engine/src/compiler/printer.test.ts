// Unit tests of the printer on hand-built models: layout, precedence, literals and
// every construct of the model. Round trips through the parser live in
// printer-round-trip.test.ts.

import { describe, expect, it } from 'vitest';
import { NO_SPAN } from '../query-api/index.js';
import type {
  Annotation,
  BinaryOperator,
  Constant,
  ConstantType,
  Expression,
  FunctionCall,
  InsertIntoStream,
  Query,
  SiddhiApp,
  SingleInputStream,
  StateElement,
  StreamHandler,
  StreamState,
  TimeConstant,
  TimeUnit,
  Variable,
} from '../query-api/index.js';
import { printApp, printExpression, printOnDemandQuery } from './printer.js';

const span = NO_SPAN;
const k = (type: ConstantType, value: Constant['value']): Constant => ({
  kind: 'constant',
  span,
  type,
  value,
});
const str = (value: string): Constant => k('string', value);
const int = (value: number): Constant => k('int', value);
const v = (attribute: string, stream?: string, extra: Partial<Variable> = {}): Variable => ({
  kind: 'variable',
  span,
  attribute,
  ...(stream === undefined ? {} : { stream }),
  ...extra,
});
const bin = (op: BinaryOperator, left: Expression, right: Expression): Expression => ({
  kind: 'binary',
  span,
  op,
  left,
  right,
});
const not = (operand: Expression): Expression => ({ kind: 'not', span, operand });
const fn = (name: string, args: Expression[] = [], namespace?: string): FunctionCall => ({
  kind: 'function',
  span,
  name,
  args,
  ...(namespace === undefined ? {} : { namespace }),
});
const time = (...parts: [number, TimeUnit][]): TimeConstant => ({
  kind: 'time',
  span,
  parts: parts.map(([value, unit]) => ({ value, unit })),
  millis: 0,
});
const ann = (
  name: string,
  elements: [string | undefined, string][] = [],
  annotations: Annotation[] = [],
  namespace?: string,
): Annotation => ({
  kind: 'annotation',
  span,
  name,
  elements: elements.map(([key, value]) => ({
    kind: 'annotationElement',
    span,
    value,
    ...(key === undefined ? {} : { key }),
  })),
  annotations,
  ...(namespace === undefined ? {} : { namespace }),
});
const single = (
  streamId: string,
  handlers: StreamHandler[] = [],
  extra: Partial<SingleInputStream> = {},
): SingleInputStream => ({ kind: 'single', span, streamId, handlers, ...extra });
const filter = (condition: Expression): StreamHandler => ({ kind: 'filter', span, condition });
const win = (call: FunctionCall): StreamHandler => ({ kind: 'window', span, call });
const selector = (attrs: [Expression, string?][] = []): Query['selector'] => ({
  kind: 'selector',
  span,
  selectAll: attrs.length === 0,
  attributes: attrs.map(([expression, rename]) => ({
    kind: 'outputAttribute',
    span,
    expression,
    ...(rename === undefined ? {} : { rename }),
  })),
  groupBy: [],
  orderBy: [],
});
const insert = (target: string): InsertIntoStream => ({ kind: 'insert', span, target });
const query = (input: Query['input'], extra: Partial<Query> = {}): Query => ({
  kind: 'query',
  span,
  annotations: [],
  input,
  selector: selector(),
  output: insert('Out'),
  ...extra,
});
const app = (extra: Partial<SiddhiApp>): SiddhiApp => ({
  kind: 'app',
  span,
  annotations: [],
  definitions: [],
  elements: [],
  ...extra,
});
const state = (input: SingleInputStream, ref?: string): StreamState => ({
  kind: 'streamState',
  span,
  input,
  ...(ref === undefined ? {} : { ref }),
});
const pattern = (s: StateElement, kind: 'pattern' | 'sequence' = 'pattern'): Query['input'] => ({
  kind,
  span,
  state: s,
});
const next = (first: StateElement, nxt: StateElement): StateElement => ({
  kind: 'nextState',
  span,
  first,
  next: nxt,
});
const every = (s: StateElement): StateElement => ({ kind: 'everyState', span, state: s });
const rows = (cases: [Expression, string][]) => cases.map(([e, text]) => ({ e, text }));
const fromLine = (q: Query): string => printApp(app({ elements: [q] })).split('\n')[0] ?? '';

describe('printExpression: precedence', () => {
  const [a, b, c] = [v('a'), v('b'), v('c')];
  it.each(
    rows([
      [bin('*', bin('+', a, b), c), '(a + b) * c'],
      [bin('+', a, bin('*', b, c)), 'a + b * c'],
      [bin('-', bin('-', a, b), c), 'a - b - c'],
      [bin('-', a, bin('-', b, c)), 'a - (b - c)'],
      [bin('/', a, bin('*', b, c)), 'a / (b * c)'],
      [bin('and', bin('or', a, b), c), '(a or b) and c'],
      [bin('or', a, bin('and', b, c)), 'a or b and c'],
      [bin('and', a, bin('and', b, c)), 'a and (b and c)'],
      [bin('==', bin('>', a, b), c), 'a > b == c'],
      [bin('>', a, bin('==', b, c)), 'a > (b == c)'],
      [not(bin('>', a, b)), 'not (a > b)'],
      [not(a), 'not a'],
      [not(not(a)), 'not not a'],
      [bin('and', not(a), b), 'not a and b'],
      [bin('==', not(a), b), '(not a) == b'],
      [{ kind: 'isNull', span, operand: a }, 'a is null'],
      [not({ kind: 'isNull', span, operand: v('p', 'e1') }), 'not (e1.p is null)'],
      [{ kind: 'in', span, operand: bin('==', a, v('a', 'T')), table: 'T' }, 'a == T.a in T'],
      [{ kind: 'in', span, operand: bin('and', a, b), table: 'T' }, '(a and b) in T'],
      [bin('and', { kind: 'in', span, operand: a, table: 'T' }, b), 'a in T and b'],
      [bin('-', a, int(-5)), 'a - -5'],
      [bin('*', k('double', -1.5), a), '-1.5 * a'],
    ]),
  )('$text', ({ e, text }) => {
    expect(printExpression(e)).toBe(text);
  });
});

describe('printExpression: literals and names', () => {
  it.each(
    rows([
      [int(10), '10'],
      [k('long', 10), '10L'],
      [k('long', -(2 ** 53)), '-9007199254740992L'],
      [k('long', 2 ** 63), '9223372036854775807L'],
      [k('float', 2.5), '2.5F'],
      [k('float', Math.fround(123.45)), '123.45F'],
      [k('float', 123.45), '123.45F'],
      [k('double', 2), '2.0'],
      [k('double', 1e21), '1e+21'],
      [k('double', 0.000001), '0.000001'],
      [k('double', -0), '-0.0'],
      [k('bool', true), 'true'],
      [k('null', null), 'null'],
      [str('IBM'), "'IBM'"],
      [str("it's"), '"it\'s"'],
      [str('say "hi"'), '"""say "hi\\""""'],
      [str('{"a":"{{a}}"}'), '"""{"a":"{{a}}"}"""'],
      [str('a""""b'), '"""a""\\""b"""'],
      [str('a\\b'), '"""a\\\\b"""'],
      [str('line1\nline2\ttab\u0001'), '"""line1\\nline2\\ttab\\u0001"""'],
      [time([1, 'min'], [30, 'sec']), '1 min 30 sec'],
      [time([2, 'hour'], [1, 'day'], [500, 'millisec']), '2 hours 1 day 500 millisec'],
      [v('price', 'e1', { streamIndex: { kind: 'last', minus: 1 } }), 'e1[last-1].price'],
      [v('price', 'e1', { streamIndex: { kind: 'last', minus: 0 } }), 'e1[last].price'],
      [v('price', 'e1', { streamIndex: { kind: 'index', value: 2 } }), 'e1[2].price'],
      [v('price', 'Local', { inner: true }), '#Local.price'],
      [v('price', 'S', { fault: true }), '!S.price'],
      [v('56$2theta', '$In'), '`$In`.`56$2theta`'],
      [v('from'), '`from`'],
      [v('Events'), '`Events`'],
      [fn('min', [v('price')]), 'min(price)'],
      [fn('concat', [str('a'), v('b')], 'str'), "str:concat('a', b)"],
      [fn('count'), 'count()'],
      [
        { kind: 'isNullStream', span, stream: 'e2', streamIndex: { kind: 'last', minus: 1 } },
        'e2[last-1] is null',
      ],
      [{ kind: 'isNullStream', span, stream: 'S', fault: true }, '!S is null'],
    ]),
  )('$text', ({ e, text }) => {
    expect(printExpression(e)).toBe(text);
  });
});

describe('printApp: layout', () => {
  it('prints annotations, definitions and elements separated by blank lines', () => {
    const text = printApp(
      app({
        annotations: [ann('name', [[undefined, 'Demo']], [], 'app')],
        definitions: [
          {
            kind: 'stream',
            span,
            id: 'Input',
            annotations: [
              ann(
                'source',
                [
                  ['type', 'http'],
                  ['receiver.url', 'http://x'],
                ],
                [ann('map', [['type', 'json']])],
              ),
            ],
            attributes: [
              { kind: 'attribute', span, name: 'symbol', type: 'string' },
              { kind: 'attribute', span, name: 'price', type: 'float' },
            ],
          },
          {
            kind: 'table',
            span,
            id: 'T',
            annotations: [ann('PrimaryKey', [[undefined, 'symbol']])],
            attributes: [{ kind: 'attribute', span, name: 'symbol', type: 'string' }],
          },
        ],
        elements: [
          query(single('Input', [filter(bin('>', v('price'), int(10)))]), {
            annotations: [ann('info', [['name', 'q1']])],
            selector: {
              ...selector([[v('symbol')], [fn('avg', [v('price')]), 'avgPrice']]),
              groupBy: [v('symbol')],
              having: bin('>', v('avgPrice'), int(5)),
              orderBy: [
                { kind: 'orderBy', span, variable: v('symbol'), order: 'desc' },
                { kind: 'orderBy', span, variable: v('avgPrice'), order: 'asc' },
              ],
              limit: int(5),
              offset: int(1),
            },
            outputRate: { kind: 'eventOutputRate', span, type: 'all', events: 5 },
            output: { kind: 'insert', span, target: 'Out', eventType: 'all' },
          }),
          {
            kind: 'partition',
            span,
            annotations: [],
            partitionTypes: [
              { kind: 'valuePartition', span, streamId: 'Input', expression: v('symbol') },
              {
                kind: 'rangePartition',
                span,
                streamId: 'Other',
                ranges: [
                  {
                    kind: 'rangeCondition',
                    span,
                    condition: bin('<', v('p'), int(10)),
                    label: 'low',
                  },
                  {
                    kind: 'rangeCondition',
                    span,
                    condition: bin('or', v('a'), v('b')),
                    label: "it's",
                  },
                ],
              },
            ],
            queries: [
              query(single('Input'), {
                output: { kind: 'insert', span, target: 'Local', inner: true },
              }),
              query(single('Local', [], { inner: true }), {
                annotations: [ann('info', [['name', 'q3']])],
                output: { kind: 'return', span, eventType: 'expired' },
              }),
            ],
          },
        ],
      }),
    );
    expect(text).toBe(
      [
        "@app:name('Demo')",
        '',
        "@source(type='http', receiver.url='http://x', @map(type='json'))",
        'define stream Input (symbol string, price float);',
        '',
        "@PrimaryKey('symbol')",
        'define table T (symbol string);',
        '',
        "@info(name='q1')",
        'from Input[price > 10]',
        'select symbol, avg(price) as avgPrice',
        'group by symbol',
        'having avgPrice > 5',
        'order by symbol desc, avgPrice',
        'limit 5',
        'offset 1',
        'output every 5 events',
        'insert all events into Out;',
        '',
        "partition with (symbol of Input, p < 10 as 'low' or (a or b) as \"it's\" of Other)",
        'begin',
        '    from Input',
        '    select *',
        '    insert into #Local;',
        '',
        "    @info(name='q3')",
        '    from #Local',
        '    select *',
        '    return expired events;',
        'end;',
        '',
      ].join('\n'),
    );
  });

  it('prints an empty app as an empty string', () => {
    expect(printApp(app({}))).toBe('');
  });

  it('prints annotation keys that are not dotted names as strings', () => {
    const text = printApp(
      app({
        annotations: [
          ann(
            'x',
            [
              ['a b', 'c'],
              [undefined, 'd'],
            ],
            [],
            'app',
          ),
        ],
      }),
    );
    expect(text).toBe("@app:x('a b'='c', 'd')\n");
  });
});

describe('printApp: definitions', () => {
  it.each<[SiddhiApp['definitions'][number], string]>([
    [
      {
        kind: 'window',
        span,
        id: 'W',
        annotations: [],
        attributes: [{ kind: 'attribute', span, name: 'a', type: 'int' }],
        window: fn('length', [int(5)], 'unique'),
        outputEventType: 'expired',
      },
      'define window W (a int) unique:length(5) output expired events;',
    ],
    [
      {
        kind: 'trigger',
        span,
        id: 'T',
        annotations: [],
        at: { kind: 'every', interval: time([5, 'sec']) },
      },
      'define trigger T at every 5 sec;',
    ],
    [
      { kind: 'trigger', span, id: 'T', annotations: [], at: { kind: 'start' } },
      "define trigger T at 'start';",
    ],
    [
      {
        kind: 'trigger',
        span,
        id: 'T',
        annotations: [],
        at: { kind: 'cron', expression: '*/5 * * * * ?' },
      },
      "define trigger T at '*/5 * * * * ?';",
    ],
    [
      {
        kind: 'function',
        span,
        id: 'concatFn',
        annotations: [],
        language: 'javascript',
        returnType: 'string',
        body: '\n  var s = "x"; return s;\n',
      },
      'define function concatFn[javascript] return string {\n  var s = "x"; return s;\n};',
    ],
    [
      {
        kind: 'aggregation',
        span,
        id: 'Agg',
        annotations: [ann('store', [['type', 'rdbms']])],
        input: single('S'),
        selector: {
          ...selector([[v('symbol')], [fn('sum', [v('price')]), 'total']]),
          groupBy: [v('symbol')],
        },
        aggregateBy: v('ts'),
        periods: { kind: 'range', from: 'sec', to: 'year', span },
      },
      [
        "@store(type='rdbms')",
        'define aggregation Agg',
        'from S',
        'select symbol, sum(price) as total',
        'group by symbol',
        'aggregate by ts every sec ... year;',
      ].join('\n'),
    ],
    [
      {
        kind: 'aggregation',
        span,
        id: 'Agg',
        annotations: [],
        input: single('S'),
        selector: selector([[v('a')]]),
        periods: { kind: 'list', units: ['sec', 'min', 'hour'], span },
      },
      'define aggregation Agg\nfrom S\nselect a\naggregate every sec, min, hour;',
    ],
  ])('%#', (d, text) => {
    expect(printApp(app({ definitions: [d] }))).toBe(`${text}\n`);
  });
});

describe('printApp: inputs', () => {
  it('prints joins with unidirectional, within and per', () => {
    const text = printApp(
      app({
        elements: [
          query({
            kind: 'join',
            span,
            left: single('A', [win(fn('length', [int(1)]))], { alias: 'a' }),
            right: single('B', [], { alias: 'b' }),
            type: 'left outer',
            trigger: 'left',
            on: bin('==', v('x', 'a'), v('x', 'b')),
            within: { kind: 'withinRange', span, start: k('long', 0), end: k('long', 10) },
            per: str('days'),
          }),
        ],
      }),
    );
    expect(text.split('\n').slice(0, 5)).toEqual([
      'from A#window.length(1) as a unidirectional',
      '    left outer join B as b',
      '    on a.x == b.x',
      '    within 0L, 10L',
      "    per 'days'",
    ]);
  });

  it('prints patterns with every, counting, absent and logical states', () => {
    const e1 = state(single('S', [filter(bin('>', v('p'), int(20)))]), 'e1');
    const count: StateElement = {
      kind: 'countState',
      span,
      state: e1,
      min: 2,
      max: 5,
      notation: 'range',
    };
    const absent: StateElement = {
      kind: 'absentState',
      span,
      input: single('T'),
      waitingTime: time([1, 'sec']),
    };
    const logical: StateElement = {
      kind: 'logicalState',
      span,
      op: 'and',
      left: state(single('A'), 'e2'),
      right: state(single('B'), 'e3'),
    };
    const q = query({
      kind: 'pattern',
      span,
      state: next(next(every(count), absent), every(next(logical, state(single('C'))))),
      within: time([10, 'min']),
    });
    expect(fromLine(q)).toBe(
      'from every e1=S[p > 20]<2:5> -> not T for 1 sec -> every (e2=A and e3=B -> C) within 10 min',
    );
  });

  it('brackets a nested next state on the right and every over a next', () => {
    const [a, b, c] = [state(single('A')), state(single('B')), state(single('C'))];
    expect(fromLine(query(pattern(next(a, next(b, c)))))).toBe('from A -> (B -> C)');
    expect(fromLine(query(pattern(every(next(a, b)))))).toBe('from every (A -> B)');
  });

  it('prints sequences with + * ? and open counts', () => {
    const e = (
      ref: string,
      notation: '+' | '*' | '?' | 'range',
      min = 0,
      max = -1,
    ): StateElement => ({
      kind: 'countState',
      span,
      state: state(single('S'), ref),
      min,
      max,
      notation,
    });
    // Siddhi's shape: the first element, then a left-associated chain.
    const q = query(
      pattern(
        next(every(e('e1', '+')), next(next(e('e2', '*'), e('e3', '?')), e('e4', 'range', 2))),
        'sequence',
      ),
    );
    expect(fromLine(q)).toBe('from every e1=S+, e2=S*, e3=S?, e4=S<2:>');
    const [a, b, c] = [state(single('A')), state(single('B')), state(single('C'))];
    expect(fromLine(query(pattern(next(next(a, b), c), 'sequence')))).toBe('from (A, B), C');
    expect(fromLine(query(pattern(next(a, next(b, c)), 'sequence')))).toBe('from A, B, C');
    expect(fromLine(query(pattern(e('e1', 'range', 3, 3))))).toBe('from e1=S<3>');
  });

  it('prints anonymous inputs inline', () => {
    const inner = query(single('S', [win(fn('length', [int(2)]))]), {
      selector: selector([[v('a')]]),
      outputRate: { kind: 'timeOutputRate', span, type: 'last', interval: time([1, 'sec']) },
      output: { kind: 'return', span },
    });
    const q = query({
      kind: 'anonymous',
      span,
      query: inner,
      alias: 'x',
      handlers: [filter(v('a'))],
    });
    expect(fromLine(q)).toBe(
      'from (from S#window.length(2) select a output last every 1 sec return)[a] as x',
    );
  });

  it('prints stream functions and fault streams', () => {
    const q = query(
      single('S', [{ kind: 'streamFunction', span, call: fn('log', [str('x')]) }], { fault: true }),
    );
    expect(fromLine(q)).toBe("from !S#log('x')");
  });
});

describe('printApp: outputs', () => {
  const on = bin('==', v('a', 'T'), v('a'));
  const set = [{ kind: 'set' as const, span, target: v('b', 'T'), value: v('b') }];
  it.each<[Query['output'], Query['outputRate'], string[]]>([
    [
      { kind: 'delete', span, target: 'T', eventType: 'expired', on },
      undefined,
      ['delete T for expired events', '    on T.a == a;'],
    ],
    [
      { kind: 'update', span, target: 'T', set, on },
      undefined,
      ['update T', '    set T.b = b', '    on T.a == a;'],
    ],
    [
      { kind: 'updateOrInsert', span, target: 'T', set: [], on, eventType: 'all' },
      undefined,
      ['update or insert into T for all events', '    on T.a == a;'],
    ],
    [
      { kind: 'insert', span, target: 'Err', fault: true, eventType: 'current' },
      { kind: 'snapshotOutputRate', span, interval: time([1, 'sec']) },
      ['output snapshot every 1 sec', 'insert current events into !Err;'],
    ],
    [
      insert('Out'),
      { kind: 'eventOutputRate', span, type: 'first', events: 3 },
      ['output first every 3 events', 'insert into Out;'],
    ],
  ])('%#', (output, outputRate, lines) => {
    const text = printApp(
      app({ elements: [query(single('S'), { output, ...(outputRate ? { outputRate } : {}) })] }),
    );
    expect(text).toBe(['from S', 'select *', ...lines, ''].join('\n'));
  });
});

describe('printOnDemandQuery', () => {
  const input = {
    kind: 'storeInput' as const,
    span,
    storeId: 'Agg',
    on: bin('==', v('symbol'), str('IBM')),
    within: { kind: 'withinRange' as const, span, start: str('2020-**-** **:**:**') },
    per: str('seconds'),
  };
  it('prints a find query', () => {
    expect(
      printOnDemandQuery({
        kind: 'onDemandQuery',
        span,
        type: 'find',
        input,
        selector: selector(),
      }),
    ).toBe(
      [
        'from Agg',
        "    on symbol == 'IBM'",
        "    within '2020-**-** **:**:**'",
        "    per 'seconds'",
        'select *',
      ].join('\n'),
    );
  });
  it('leaves out a bare select before delete and update', () => {
    expect(
      printOnDemandQuery({
        kind: 'onDemandQuery',
        span,
        type: 'delete',
        selector: selector(),
        output: { kind: 'delete', span, target: 'T', on: bin('==', v('a', 'T'), int(1)) },
      }),
    ).toBe('delete T\n    on T.a == 1');
  });
  it('keeps the select of insert and update or insert', () => {
    expect(
      printOnDemandQuery({
        kind: 'onDemandQuery',
        span,
        type: 'insert',
        selector: selector([[int(10), 'id']]),
        output: insert('T'),
      }),
    ).toBe('select 10 as id\ninsert into T');
  });
});
