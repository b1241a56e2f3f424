// Unit tests of the SiddhiQL parser: model shapes of tricky constructs, spans, literal
// typing, precedence and syntax diagnostics.

import { describe, expect, it } from 'vitest';
import type { Expression, Query, SiddhiApp } from '../query-api/index.js';
import { stripSpans } from '../testing/strip-spans.js';
import { parseApp, parseExpression, parseOnDemandQuery } from './parse.js';
import { SiddhiQLParser } from './parser.js';

const S = 'define stream S (symbol string, price float, volume int);';

function app(text: string): SiddhiApp {
  const result = parseApp(text);
  expect(result.diagnostics).toEqual([]);
  if (result.app === undefined) throw new Error('no app');
  return result.app;
}

function query(text: string, index = 0): Query {
  const element = app(`${S} ${text}`).elements[index];
  if (element?.kind !== 'query') throw new Error('not a query');
  return element;
}

function expr(text: string): unknown {
  const result = parseExpression(text);
  expect(result.diagnostics).toEqual([]);
  return stripSpans(result.expression);
}

function errors(text: string): { code: string; message: string; line: number; column: number }[] {
  const result = parseApp(text);
  expect(result.app).toBeUndefined();
  return result.diagnostics.map((d) => ({
    code: d.code,
    message: d.message,
    line: d.span.start.line,
    column: d.span.start.column,
  }));
}

const v = (attribute: string, stream?: string): object =>
  stream === undefined ? { kind: 'variable', attribute } : { kind: 'variable', stream, attribute };
const c = (type: string, value: unknown): object => ({ kind: 'constant', type, value });

describe('grammar', () => {
  it('passes Chevrotain grammar validation', () => {
    expect(() => new SiddhiQLParser(false)).not.toThrow();
  });
});

describe('definitions', () => {
  it('parses app annotations and stream definitions with annotations', () => {
    const a =
      app(`@App:name('Demo') @app:description("d") @app:playback(idle.time = '100 millisec', increment = '2 sec')
      @source(type='http', receiver.url='http://x', @map(type='json', @attributes(a='$.a'), @payload("""{"a":1}""")))
      @sink(type='log', prefix-key='p', @distribution(strategy='roundRobin', @destination(topic.list='a'), @destination('b')))
      define stream S (time long, start string, \`my attr\` object, year int)`);
    expect(a.name).toBe('Demo');
    expect(stripSpans(a.annotations)).toEqual([
      {
        kind: 'annotation',
        namespace: 'App',
        name: 'name',
        elements: [{ kind: 'annotationElement', value: 'Demo' }],
        annotations: [],
      },
      {
        kind: 'annotation',
        namespace: 'app',
        name: 'description',
        elements: [{ kind: 'annotationElement', value: 'd' }],
        annotations: [],
      },
      {
        kind: 'annotation',
        namespace: 'app',
        name: 'playback',
        elements: [
          { kind: 'annotationElement', key: 'idle.time', value: '100 millisec' },
          { kind: 'annotationElement', key: 'increment', value: '2 sec' },
        ],
        annotations: [],
      },
    ]);
    const stream = a.definitions[0];
    expect(stream?.kind).toBe('stream');
    if (stream?.kind !== 'stream') return;
    expect(stream.attributes.map((x) => `${x.name}:${x.type}`)).toEqual([
      'time:long',
      'start:string',
      'my attr:object',
      'year:int',
    ]);
    const source = stream.annotations[0];
    expect(source?.name).toBe('source');
    expect(source?.elements.map((e) => [e.key, e.value])).toEqual([
      ['type', 'http'],
      ['receiver.url', 'http://x'],
    ]);
    const map = source?.annotations[0];
    expect(map?.annotations.map((x) => x.name)).toEqual(['attributes', 'payload']);
    expect(map?.annotations[1]?.elements[0]?.value).toBe('{"a":1}');
    const sink = stream.annotations[1];
    expect(sink?.elements[1]?.key).toBe('prefix-key');
    const distribution = sink?.annotations[0];
    expect(distribution?.annotations.map((d) => d.elements[0]?.key ?? null)).toEqual([
      'topic.list',
      null,
    ]);
  });

  it('parses tables, windows, triggers, functions and aggregations', () => {
    const a = app(`define stream S (symbol string, price double, ts long);
      @PrimaryKey('symbol') @store(type='rdbms') define table T (symbol string, price double);
      define window W (symbol string) unique:time(symbol, 1 sec) output expired events;
      define window W2 (symbol string) length(5);
      define trigger T1 at every 1 min 30 sec;
      define trigger T2 at 'start';
      define trigger T3 at '*/5 * * * * ?';
      define function concat[JavaScript] return string { var r = data[0] + "}"; return r; };
      define aggregation A from S select symbol, avg(price) as avgPrice group by symbol aggregate by ts every sec ... year;
      define aggregation A2 from S[price > 0] select sum(price) as total aggregate every sec, min, hour`);
    const d = stripSpans(a.definitions) as Record<string, unknown>[];
    expect(d[1]).toMatchObject({
      kind: 'table',
      id: 'T',
      annotations: [{ name: 'PrimaryKey' }, { name: 'store' }],
    });
    expect(d[2]).toEqual({
      kind: 'window',
      id: 'W',
      annotations: [],
      attributes: [{ kind: 'attribute', name: 'symbol', type: 'string' }],
      window: {
        kind: 'function',
        namespace: 'unique',
        name: 'time',
        args: [v('symbol'), { kind: 'time', parts: [{ value: 1, unit: 'sec' }], millis: 1000 }],
      },
      outputEventType: 'expired',
    });
    expect(d[3]).not.toHaveProperty('outputEventType');
    expect(d[4]).toMatchObject({
      kind: 'trigger',
      at: {
        kind: 'every',
        interval: {
          millis: 90000,
          parts: [
            { value: 1, unit: 'min' },
            { value: 30, unit: 'sec' },
          ],
        },
      },
    });
    expect(d[5]).toMatchObject({ at: { kind: 'start' } });
    expect(d[6]).toMatchObject({ at: { kind: 'cron', expression: '*/5 * * * * ?' } });
    expect(d[7]).toMatchObject({
      kind: 'function',
      id: 'concat',
      language: 'JavaScript',
      returnType: 'string',
      body: ' var r = data[0] + "}"; return r; ',
    });
    expect(d[8]).toMatchObject({
      kind: 'aggregation',
      id: 'A',
      input: { kind: 'single', streamId: 'S', handlers: [] },
      selector: { groupBy: [v('symbol')] },
      aggregateBy: v('ts'),
      periods: { kind: 'range', from: 'sec', to: 'year' },
    });
    expect(d[9]).toMatchObject({ periods: { kind: 'list', units: ['sec', 'min', 'hour'] } });
  });

  it('accepts every spelling of time units', () => {
    const e = expr('1 year 2 months 3 weeks 4 days 5 hours 6 minutes 7 seconds 8 milliseconds') as {
      millis: number;
    };
    expect(e.millis).toBe(
      31536000000 +
        2 * 2592000000 +
        3 * 604800000 +
        4 * 86400000 +
        5 * 3600000 +
        6 * 60000 +
        7000 +
        8,
    );
    expect(expr('2 min')).toEqual({
      kind: 'time',
      parts: [{ value: 2, unit: 'min' }],
      millis: 120000,
    });
    expect(expr('5 millisec')).toMatchObject({ millis: 5 });
    expect(expr('1 millisecond')).toMatchObject({ millis: 1 });
    expect(expr('1 second')).toMatchObject({ millis: 1000 });
    expect(expr('1 minute')).toMatchObject({ millis: 60000 });
  });
});

describe('literals', () => {
  it('types numeric literals as Siddhi does', () => {
    expect(expr('10')).toEqual(c('int', 10));
    expect(expr('-10')).toEqual(c('int', -10));
    expect(expr('10L')).toEqual(c('long', 10));
    expect(expr('10l')).toEqual(c('long', 10));
    expect(expr('1.5')).toEqual(c('double', 1.5));
    expect(expr('.5')).toEqual(c('double', 0.5));
    expect(expr('1.5d')).toEqual(c('double', 1.5));
    expect(expr('1e3')).toEqual(c('double', 1000));
    expect(expr('2.5F')).toEqual(c('float', 2.5));
    expect(expr('0.1f')).toEqual(c('float', Math.fround(0.1)));
    expect(expr('-2147483648')).toEqual(c('int', -2147483648));
    expect(expr('9223372036854775807L')).toMatchObject({ type: 'long' });
  });

  it('reports int and long overflow', () => {
    const r = parseExpression('2147483648');
    expect(r.expression).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E_INT_OUT_OF_RANGE']);
    expect(parseExpression('99999999999999999999L').diagnostics.map((d) => d.code)).toEqual([
      'E_LONG_OUT_OF_RANGE',
    ]);
  });

  it('parses strings, booleans and null', () => {
    expect(expr("'it\"s'")).toEqual(c('string', 'it"s'));
    expect(expr('"a\'b"')).toEqual(c('string', "a'b"));
    expect(expr("'a\\nb'")).toEqual(c('string', 'a\\nb'));
    expect(expr('"""x\\ty"z"""')).toEqual(c('string', 'x\ty"z'));
    expect(expr('TRUE')).toEqual(c('bool', true));
    expect(expr('false')).toEqual(c('bool', false));
    expect(expr('null')).toEqual(c('null', null));
  });
});

describe('expressions', () => {
  it('follows Siddhi precedence: not > * > + > compare > equality > in > and > or', () => {
    expect(expr('a + b * c')).toEqual({
      kind: 'binary',
      op: '+',
      left: v('a'),
      right: { kind: 'binary', op: '*', left: v('b'), right: v('c') },
    });
    expect(expr('a - b - c')).toMatchObject({ op: '-', left: { op: '-' }, right: v('c') });
    expect(expr('a or b and c')).toMatchObject({ op: 'or', right: { op: 'and' } });
    expect(expr('a > 1 == b < 2')).toMatchObject({
      op: '==',
      left: { op: '>' },
      right: { op: '<' },
    });
    expect(expr('not a == b')).toMatchObject({ op: '==', left: { kind: 'not', operand: v('a') } });
    expect(expr('not (a == b)')).toMatchObject({ kind: 'not', operand: { op: '==' } });
    expect(expr('a == b in T and c')).toEqual({
      kind: 'binary',
      op: 'and',
      left: {
        kind: 'in',
        operand: { kind: 'binary', op: '==', left: v('a'), right: v('b') },
        table: 'T',
      },
      right: v('c'),
    });
    expect(expr('a + b is null')).toMatchObject({
      op: '+',
      right: { kind: 'isNull', operand: v('b') },
    });
    expect(expr('x - 1')).toMatchObject({ kind: 'binary', op: '-', right: c('int', 1) });
    expect(expr('x * -1')).toMatchObject({ op: '*', right: c('int', -1) });
  });

  it('parses function calls and references', () => {
    expect(expr('str:concat(a, "b")')).toEqual({
      kind: 'function',
      namespace: 'str',
      name: 'concat',
      args: [v('a'), c('string', 'b')],
    });
    expect(expr('count()')).toEqual({ kind: 'function', name: 'count', args: [] });
    expect(expr('count(*)')).toEqual({
      kind: 'function',
      name: 'count',
      args: [],
      allAttributes: true,
    });
    expect(expr('e1[last].price')).toEqual({
      kind: 'variable',
      stream: 'e1',
      streamIndex: { kind: 'last', minus: 0 },
      attribute: 'price',
    });
    expect(expr('e1[last - 1].price')).toMatchObject({ streamIndex: { kind: 'last', minus: 1 } });
    expect(expr('e1[0].price')).toMatchObject({ streamIndex: { kind: 'index', value: 0 } });
    expect(expr('#S.price')).toEqual({
      kind: 'variable',
      stream: 'S',
      inner: true,
      attribute: 'price',
    });
    expect(expr('!S.price')).toEqual({
      kind: 'variable',
      stream: 'S',
      fault: true,
      attribute: 'price',
    });
    expect(expr('`select`.`from`')).toEqual(v('from', 'select'));
    expect(expr('time + last + value + window + year')).toMatchObject({ kind: 'binary' });
    expect(expr('max(a) is null')).toMatchObject({
      kind: 'isNull',
      operand: { kind: 'function', name: 'max' },
    });
  });

  it('decides between attribute and stream null checks like Siddhi', () => {
    const q = query(
      'from e1=S -> e2=S[e1 is null or price is null] select e1.price as p insert into O;',
    );
    const state = q.input.kind === 'pattern' ? q.input.state : undefined;
    const filter =
      state?.kind === 'nextState' && state.next.kind === 'streamState'
        ? state.next.input.handlers[0]
        : undefined;
    expect(stripSpans(filter)).toEqual({
      kind: 'filter',
      condition: {
        kind: 'binary',
        op: 'or',
        left: { kind: 'isNullStream', stream: 'e1' },
        right: { kind: 'isNull', operand: v('price') },
      },
    });
    expect(expr('#S is null')).toEqual({ kind: 'isNullStream', stream: 'S', inner: true });
  });

  it('gives spans with 1-based lines/columns and 0-based offsets', () => {
    const result = parseExpression('a +\n  foo(1)');
    const e = result.expression as Expression & { right: Expression };
    expect(e.span).toEqual({
      start: { offset: 0, line: 1, column: 1 },
      end: { offset: 12, line: 2, column: 9 },
    });
    expect(e.right.span).toEqual({
      start: { offset: 6, line: 2, column: 3 },
      end: { offset: 12, line: 2, column: 9 },
    });
  });
});

describe('queries', () => {
  it('parses filters, stream functions, windows and post-window handlers in order', () => {
    const q = query(
      "@info(name='q1') from S[price > 10]#log('x')#window.ns:win(5)[volume > 1]#str:tokenize(symbol) select * insert into O;",
    );
    expect(q.annotations[0]?.elements[0]?.value).toBe('q1');
    expect(q.input.kind).toBe('single');
    if (q.input.kind !== 'single') return;
    expect(q.input.handlers.map((h) => h.kind)).toEqual([
      'filter',
      'streamFunction',
      'window',
      'filter',
      'streamFunction',
    ]);
    expect(stripSpans(q.input.handlers[2])).toEqual({
      kind: 'window',
      call: { kind: 'function', namespace: 'ns', name: 'win', args: [c('int', 5)] },
    });
    expect(q.selector.selectAll).toBe(true);
    expect(stripSpans(q.output)).toEqual({ kind: 'insert', target: 'O' });
  });

  it('parses the whole selector and output rate limiting', () => {
    const q = query(
      'from S#window.time(1 sec) select symbol as s, avg(price) as p group by symbol having p > 5 order by s desc, p limit 10 offset 2 output last every 5 events insert expired events into #O;',
    );
    expect(stripSpans(q.selector)).toMatchObject({
      selectAll: false,
      attributes: [
        { rename: 's', expression: v('symbol') },
        { rename: 'p', expression: { kind: 'function', name: 'avg' } },
      ],
      groupBy: [v('symbol')],
      having: { op: '>' },
      orderBy: [
        { variable: v('s'), order: 'desc' },
        { variable: v('p'), order: 'asc' },
      ],
      limit: c('int', 10),
      offset: c('int', 2),
    });
    expect(stripSpans(q.outputRate)).toEqual({ kind: 'eventOutputRate', type: 'last', events: 5 });
    expect(stripSpans(q.output)).toEqual({
      kind: 'insert',
      target: 'O',
      inner: true,
      eventType: 'expired',
    });
    expect(stripSpans(query('from S output every 1 sec insert into O;').outputRate)).toMatchObject({
      kind: 'timeOutputRate',
      type: 'all',
    });
    expect(
      stripSpans(query('from S output snapshot every 2 sec insert into O;').outputRate),
    ).toMatchObject({
      kind: 'snapshotOutputRate',
      interval: { millis: 2000 },
    });
  });

  it('parses table outputs', () => {
    const t = 'define table T (symbol string, price float);';
    const outputs = app(`${S} ${t}
      from S delete T for expired events on T.symbol == symbol;
      from S update T set T.price = price, T.symbol = symbol on T.symbol == symbol;
      from S update or insert into T for all events set T.price = price on T.symbol == symbol;
      from S[price > 1] insert into T;
      from !S select * insert into O;`).elements.map((e) =>
      e.kind === 'query' ? stripSpans(e.output) : undefined,
    );
    expect(outputs[0]).toMatchObject({
      kind: 'delete',
      target: 'T',
      eventType: 'expired',
      on: { op: '==' },
    });
    expect(outputs[1]).toMatchObject({
      kind: 'update',
      target: 'T',
      set: [
        { kind: 'set', target: v('price', 'T'), value: v('price') },
        { kind: 'set', target: v('symbol', 'T'), value: v('symbol') },
      ],
    });
    expect(outputs[2]).toMatchObject({
      kind: 'updateOrInsert',
      eventType: 'all',
      set: [{ target: v('price', 'T') }],
    });
  });

  it('parses joins of every kind', () => {
    const t = 'define stream R (symbol string, p int);';
    const kinds = [
      ['join', 'join', 'all'],
      ['inner join', 'inner', 'all'],
      ['left outer join', 'left outer', 'all'],
      ['right outer join', 'right outer', 'all'],
      ['full outer join', 'full outer', 'all'],
    ];
    for (const [text, type, trigger] of kinds) {
      const q = app(
        `${S} ${t} from S#window.length(1) as a ${text ?? ''} R#window.length(2) as b on a.symbol == b.symbol select a.symbol as s insert into O;`,
      ).elements[0] as Query;
      expect(stripSpans(q.input)).toMatchObject({
        kind: 'join',
        type,
        trigger,
        left: { alias: 'a' },
        right: { alias: 'b' },
      });
    }
    const uni = app(
      `${S} ${t} from S unidirectional join R#window.length(2) select * insert into O;`,
    ).elements[0] as Query;
    expect(uni.input).toMatchObject({ kind: 'join', trigger: 'left' });
    const uniR = app(`${S} ${t} from S join R unidirectional select * insert into O;`)
      .elements[0] as Query;
    expect(uniR.input).toMatchObject({ kind: 'join', trigger: 'right' });
    const agg = app(
      `${S} ${t} from S as i join A on i.symbol == A.symbol within '2017-01-01 00:00:00', "2021-01-01 00:00:00" per 'months' select * insert into O;`,
    ).elements[0] as Query;
    expect(stripSpans(agg.input)).toMatchObject({
      within: {
        kind: 'withinRange',
        start: c('string', '2017-01-01 00:00:00'),
        end: c('string', '2021-01-01 00:00:00'),
      },
      per: c('string', 'months'),
    });
  });

  it('parses patterns with every, counting, logical and absent states', () => {
    const q = query(
      'from every (e1=S[price > 10] -> e2=S[price > e1.price]<2:5>) -> e3=S and e4=S -> not S[price > 1] for 1 sec within 10 min select e1.price as p insert into O;',
    );
    expect(q.input.kind).toBe('pattern');
    expect(stripSpans(q.input)).toMatchObject({
      kind: 'pattern',
      within: { millis: 600000 },
      state: {
        kind: 'nextState',
        first: {
          kind: 'nextState',
          first: {
            kind: 'everyState',
            state: {
              kind: 'nextState',
              first: { kind: 'streamState', ref: 'e1' },
              next: { kind: 'countState', min: 2, max: 5, notation: 'range', state: { ref: 'e2' } },
            },
          },
          next: { kind: 'logicalState', op: 'and', left: { ref: 'e3' }, right: { ref: 'e4' } },
        },
        next: { kind: 'absentState', waitingTime: { millis: 1000 }, input: { streamId: 'S' } },
      },
    });
    const counts = ['<2>', '<2:>', '<:5>'].map((n) => {
      const input = query(`from e1=S${n} -> e2=S select * insert into O;`).input;
      return input.kind === 'pattern' && input.state.kind === 'nextState'
        ? stripSpans(input.state.first)
        : undefined;
    });
    expect(counts).toMatchObject([
      { min: 2, max: 2 },
      { min: 2, max: -1 },
      { min: 0, max: 5 },
    ]);
    expect(stripSpans(query('from every e1=S select * insert into O;').input)).toMatchObject({
      kind: 'pattern',
      state: { kind: 'everyState', state: { kind: 'streamState', ref: 'e1' } },
    });
    expect(
      stripSpans(query('from not S for 1 sec and e1=S select * insert into O;').input),
    ).toMatchObject({
      state: {
        kind: 'logicalState',
        op: 'and',
        left: { kind: 'absentState' },
        right: { kind: 'streamState' },
      },
    });
  });

  it('parses sequences with + * ? and every on the first state', () => {
    const q = query(
      'from every e1=S, e2=S[price > e1[last].price]+, e3=S*, e4=S? within 5 sec select * insert into O;',
    );
    expect(stripSpans(q.input)).toMatchObject({
      kind: 'sequence',
      within: { millis: 5000 },
      state: {
        kind: 'nextState',
        first: { kind: 'everyState', state: { ref: 'e1' } },
        next: {
          kind: 'nextState',
          first: {
            kind: 'nextState',
            first: { kind: 'countState', notation: '+', min: 1, max: -1 },
            next: { kind: 'countState', notation: '*', min: 0, max: -1 },
          },
          next: { kind: 'countState', notation: '?', min: 0, max: 1 },
        },
      },
    });
  });

  it('parses partitions with value and range partition types and inner streams', () => {
    const a =
      app(`${S} @purge(enable='false') partition with (symbol of S, price < 100 as 'low' or price >= 100 as 'high' of S)
      begin
        @info(name='q1') from S select symbol insert into #Inner;
        from #Inner select symbol insert into O;
      end;`);
    const p = a.elements[0];
    expect(p?.kind).toBe('partition');
    expect(stripSpans(p)).toMatchObject({
      kind: 'partition',
      annotations: [{ name: 'purge' }],
      partitionTypes: [
        { kind: 'valuePartition', streamId: 'S', expression: v('symbol') },
        {
          kind: 'rangePartition',
          streamId: 'S',
          ranges: [
            { label: 'low', condition: { op: '<' } },
            { label: 'high', condition: { op: '>=' } },
          ],
        },
      ],
      queries: [
        {
          annotations: [{ name: 'info' }],
          output: { kind: 'insert', target: 'Inner', inner: true },
        },
        { input: { kind: 'single', streamId: 'Inner', inner: true } },
      ],
    });
  });

  it('parses anonymous inner queries as inputs', () => {
    const q = query('from (from S select symbol, price return) select symbol insert into O;');
    expect(stripSpans(q.input)).toMatchObject({
      kind: 'anonymous',
      query: { input: { kind: 'single', streamId: 'S' }, output: { kind: 'return' } },
      handlers: [],
    });
  });

  it('accepts keywords as names and keywords in any case', () => {
    const a = app(
      'DEFINE STREAM from (select string, Insert INT, last Long); FROM from[last > 1] SELECT `select` AS window, last INSERT INTO into;',
    );
    expect(a.definitions[0]).toMatchObject({ id: 'from' });
    expect(stripSpans((a.elements[0] as Query).selector.attributes)).toEqual([
      { kind: 'outputAttribute', rename: 'window', expression: v('select') },
      { kind: 'outputAttribute', expression: v('last') },
    ]);
  });

  it('skips comments', () => {
    const a = app(`-- a comment
      /* block
         comment */ define stream S (a int); -- trailing
      from S select a insert into O /* unterminated at end`);
    expect(a.elements).toHaveLength(1);
  });
});

describe('on-demand queries', () => {
  it('parses find, insert, delete, update and update-or-insert queries', () => {
    const shape = (text: string): unknown => {
      const r = parseOnDemandQuery(text);
      expect(r.diagnostics).toEqual([]);
      return stripSpans(r.query);
    };
    expect(
      shape('from T as t on t.price > 10 select symbol, price order by price limit 5'),
    ).toMatchObject({
      type: 'find',
      input: { storeId: 'T', alias: 't', on: { op: '>' } },
      selector: { limit: c('int', 5) },
    });
    expect(
      shape("from A within '2020-01-01 00:00:00', '2021-01-01 00:00:00' per 'days' select *"),
    ).toMatchObject({
      type: 'find',
      input: { storeId: 'A', within: { kind: 'withinRange' }, per: c('string', 'days') },
    });
    expect(shape('from T')).toMatchObject({ type: 'find', selector: { selectAll: true } });
    expect(shape("select 'IBM' as symbol, 10f as price insert into T")).toMatchObject({
      type: 'insert',
      output: { kind: 'insert', target: 'T' },
    });
    expect(shape('delete T on T.symbol == "IBM"')).toMatchObject({
      type: 'delete',
      output: { kind: 'delete', target: 'T' },
    });
    expect(shape('update T set T.price = 1 on T.symbol == "IBM"')).toMatchObject({
      type: 'update',
      output: { kind: 'update' },
    });
    expect(
      shape("select 'IBM' as symbol update or insert into T set T.price = 2 on T.symbol == symbol"),
    ).toMatchObject({
      type: 'updateOrInsert',
      output: { kind: 'updateOrInsert', target: 'T' },
    });
  });
});

describe('syntax errors', () => {
  it('reports an unexpected token with what was expected', () => {
    const [e] = errors(`${S}\nfrom S selct symbol insert into O;`);
    expect(e?.code).toBe('E_UNEXPECTED_TOKEN');
    expect(e?.message).toMatch(/^unexpected 'selct' — expected /);
    expect(e?.message).toContain("'select'");
    expect(e?.message).toContain("'insert'");
    expect([e?.line, e?.column]).toEqual([2, 8]);
  });

  it('reports several broken statements at once', () => {
    const list = errors(
      `${S}\nfrom S select a insert O;\nfrom S select a inser into O;\nfrom S select a insert into O;\ndefine stream ;`,
    );
    expect(list.map((e) => e.line)).toEqual([2, 3, 5]);
  });

  it('reports lexical errors', () => {
    expect(errors('define stream ${stream} (a int);').map((e) => e.code)).toContain(
      'E_UNEXPECTED_CHARACTER',
    );
    expect(
      errors("define stream S (a int); from S[a == 'x] select * insert into O;").map((e) => e.code),
    ).toContain('E_UNTERMINATED_STRING');
  });

  it('reports the structural checks of Siddhi', () => {
    expect(errors(`${S} from S select price + 1 insert into O;`).map((e) => e.code)).toEqual([
      'E_MISSING_ALIAS',
    ]);
    expect(
      errors(`${S} from S insert into O; define stream T (a int);`).map((e) => e.code),
    ).toEqual(['E_DEFINITION_ORDER']);
    expect(
      errors(`${S} from S#window.length(1)#window.time(1 sec) insert into O;`).map((e) => e.code),
    ).toEqual(['E_MULTIPLE_WINDOWS']);
    expect(errors(`${S} from S select * limit price insert into O;`).map((e) => e.code)).toEqual([
      'E_NOT_CONSTANT',
    ]);
    expect(errors('define stream #S (a int);').map((e) => e.code)).toEqual([
      'E_INNER_OR_FAULT_DEFINITION',
    ]);
    expect(errors(`${S} from not S select * insert into O;`).map((e) => e.code)).toEqual([
      'E_ABSENT_NEEDS_FOR',
    ]);
    expect(errors(`${S} from e1=S+ -> e2=S select * insert into O;`).map((e) => e.code)).toEqual([
      'E_SEQUENCE_ONLY',
    ]);
    expect(
      errors(`${S} from S select * insert into O within 2 min 1 hour;`).length,
    ).toBeGreaterThan(0);
    expect(parseExpression('2 min 1 hour').diagnostics.map((d) => d.code)).toEqual([
      'E_TIME_UNIT_ORDER',
    ]);
    expect(
      errors(`${S} from S#window.length(1) as a outer join S as b select * insert into O;`).map(
        (e) => e.code,
      ),
    ).toEqual(['E_OUTER_JOIN']);
  });

  it('reports an empty count and a missing stream name', () => {
    expect(errors(`${S} from e1=S<> -> e2=S select * insert into O;`).map((e) => e.code)).toEqual([
      'E_BAD_COUNT',
    ]);
    expect(errors(`${S}\nfrom select symbol insert into O;`)).toEqual([
      {
        code: 'E_UNEXPECTED_TOKEN',
        message: "unexpected 'select' — expected a stream name",
        line: 2,
        column: 6,
      },
    ]);
  });

  it('reports the end of input', () => {
    const [e] = errors('define stream S (a int); from S select');
    expect(e?.code).toBe('E_UNEXPECTED_END');
  });

  it('never throws', () => {
    for (const text of [
      '',
      ';',
      '@',
      'from',
      'define',
      '(((',
      '@app:name(',
      'partition with (a of S) begin',
      '"""',
    ]) {
      expect(() => parseApp(text)).not.toThrow();
    }
    expect(parseApp('').app?.definitions).toEqual([]);
  });
});
