// Unit tests of the validator, one or more SiddhiQL snippets per rule.

import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../builtins/catalog/index.js';
import type { Diagnostic } from '../diagnostic.js';
import { parseApp, parseOnDemandQuery } from '../parse.js';
import { resolveSchemas, validateApp, validateOnDemandQuery } from './index.js';

function diagnose(text: string): Diagnostic[] {
  const parsed = parseApp(text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (parsed.app === undefined) throw new Error('no app');
  return validateApp(parsed.app, builtinCatalog).filter((d) => d.severity === 'error');
}

const codes = (text: string): string[] => diagnose(text).map((d) => d.code);

const S = 'define stream S (symbol string, price float, volume long, ok bool); ';
const T = 'define table T (symbol string, price float, volume long); ';

describe('definitions', () => {
  it('accepts a valid app', () => {
    expect(codes(`${S} from S[price > 10] select symbol, price insert into O;`)).toEqual([]);
  });
  it('rejects a stream and a table with the same id', () => {
    expect(codes('define stream X (a int); define table X (a int);')).toEqual([
      'E_DUPLICATE_DEFINITION',
    ]);
  });
  it('rejects two streams with the same id but different attributes, accepts identical ones', () => {
    expect(codes('define stream X (a int); define stream X (b int);')).toEqual([
      'E_DUPLICATE_DEFINITION',
    ]);
    expect(codes('define stream X (a int); define stream X (a int);')).toEqual([]);
  });
  it('rejects a trigger clashing with a stream of another shape', () => {
    expect(codes("define stream X (a int); define trigger X at 'start';")).toEqual([
      'E_DUPLICATE_DEFINITION',
    ]);
    expect(codes("define stream X (triggered_time long); define trigger X at 'start';")).toEqual(
      [],
    );
  });
  it('rejects duplicate attributes', () => {
    expect(codes('define stream X (a int, a long);')).toEqual(['E_DUPLICATE_ATTRIBUTE']);
  });
  it('checks named window functions', () => {
    expect(codes('define window W (a int) sum(a);')).toEqual(['E_UNKNOWN_WINDOW']);
    expect(codes('define window W (a int) delay(2, 3);')).toEqual(['E_ARGUMENT_COUNT']);
    expect(codes('define window W (ts long, a int) externalTime(ts, 1 sec);')).toEqual([]);
  });
});

describe('streams and attributes', () => {
  it('reports an unknown stream with a suggestion, without cascades', () => {
    const d = diagnose(
      `define stream StockStream (a int); from StokStream[a > 1] select a, b, c insert into O;`,
    );
    expect(d.map((x) => x.code)).toEqual(['E_UNKNOWN_STREAM']);
    expect(d[0]?.message).toBe("unknown stream 'StokStream'");
    expect(d[0]?.hint).toBe("did you mean 'StockStream'?");
  });
  it('reports unknown attributes with a suggestion', () => {
    const d = diagnose(`${S} from S select symbl insert into O;`);
    expect(d.map((x) => x.code)).toEqual(['E_UNKNOWN_ATTRIBUTE']);
    expect(d[0]?.hint).toBe("did you mean 'symbol'?");
  });
  it('reports every problem at once, each with its span', () => {
    const text = `${S} from S[price] select foo, bar insert into O;`;
    const d = diagnose(text);
    expect(d.map((x) => x.code)).toEqual([
      'E_NOT_BOOLEAN',
      'E_UNKNOWN_ATTRIBUTE',
      'E_UNKNOWN_ATTRIBUTE',
    ]);
    expect(text.slice(d[1]?.span.start.offset, d[1]?.span.end.offset)).toBe('foo');
  });
  it('does not cascade from queries reading an unknown stream', () => {
    expect(
      codes(`${S} from Nope select a insert into X; from X select a, b insert into Y;`),
    ).toEqual(['E_UNKNOWN_STREAM']);
  });
  it('accepts streams read before the query inferring them', () => {
    expect(
      codes(`${S} from O select symbol insert into P; from S select symbol insert into O;`),
    ).toEqual([]);
  });
});

describe('expression typing', () => {
  it('requires bool filters, having and logical operands', () => {
    expect(codes(`${S} from S[price] select symbol insert into O;`)).toEqual(['E_NOT_BOOLEAN']);
    expect(codes(`${S} from S[not price] select symbol insert into O;`)).toEqual(['E_NOT_BOOLEAN']);
    expect(codes(`${S} from S[volume > 1 and volume] select symbol insert into O;`)).toEqual([
      'E_NOT_BOOLEAN',
    ]);
    expect(codes(`${S} from S[ok] select symbol insert into O;`)).toEqual([]);
    expect(codes(`${S} from S select symbol having price insert into O;`)).toEqual([
      'E_NOT_BOOLEAN',
    ]);
  });
  it('rejects comparing strings or bools with numbers, == included', () => {
    expect(codes(`${S} from S[symbol == 1] select symbol insert into O;`)).toEqual([
      'E_TYPE_MISMATCH',
    ]);
    expect(codes(`${S} from S[ok != 1] select symbol insert into O;`)).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(`${S} from S[ok > volume] select symbol insert into O;`)).toEqual([
      'E_TYPE_MISMATCH',
    ]);
    expect(codes(`${S} from S[volume > 50f and price < 4d] select symbol insert into O;`)).toEqual(
      [],
    );
  });
  it('rejects arithmetic on strings and bools', () => {
    expect(codes(`${S} from S select symbol + 1 as x insert into O;`)).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(`${S} from S select ok * 2 as x insert into O;`)).toEqual(['E_TYPE_MISMATCH']);
  });
  it('promotes numeric types and keeps int division int', () => {
    const app = parseApp(
      'define stream S (i int, l long, f float, d double); from S select i / 2 as a, l + i as b, f + i as c, d - i as e, f % 2 as g insert into O;',
    ).app;
    if (app === undefined) throw new Error('no app');
    const o = resolveSchemas(app, builtinCatalog).elements.get('O');
    expect(o?.attributes.map((x) => x.type)).toEqual(['int', 'long', 'float', 'double', 'float']);
  });
});

describe('selectors', () => {
  it('rejects negative limit and offset', () => {
    expect(codes(`${S} from S select symbol limit -1 insert into O;`)).toEqual(['E_INVALID_LIMIT']);
    expect(codes(`${S} from S select symbol offset -1 insert into O;`)).toEqual([
      'E_INVALID_LIMIT',
    ]);
    expect(codes(`${S} from S select symbol limit 2 offset 0 insert into O;`)).toEqual([]);
  });
  it('checks group by and order by attributes', () => {
    expect(codes(`${S} from S select symbol group by sym order by pric insert into O;`)).toEqual([
      'E_UNKNOWN_ATTRIBUTE',
      'E_UNKNOWN_ATTRIBUTE',
    ]);
  });
  it('lets having and order by use output names', () => {
    expect(
      codes(
        `${S} from S select symbol, sum(price) as total group by symbol having total > 3 order by total insert into O;`,
      ),
    ).toEqual([]);
  });
  it('rejects aggregators outside selectors', () => {
    expect(codes(`${S} from S[sum(price) > 3] select symbol insert into O;`)).toEqual([
      'E_AGGREGATOR_NOT_ALLOWED',
    ]);
  });
  it('accepts an aggregator wrapped by a function, but not one nested in an aggregator', () => {
    // a function of an aggregate is computed per output row; an aggregate of an aggregate is not
    expect(
      codes(`${S} from S select symbol, default(sum(price), 0.0) as total insert into O;`),
    ).toEqual([]);
    expect(codes(`${S} from S select symbol, sum(avg(price)) as total insert into O;`)).toEqual([
      'E_AGGREGATOR_NOT_ALLOWED',
    ]);
  });
});

describe('functions and aggregators', () => {
  it('suggests close names for unknown functions', () => {
    const d = diagnose(`${S} from S select summ(price) as t insert into O;`);
    expect(d.map((x) => x.code)).toEqual(['E_UNKNOWN_FUNCTION']);
    expect(d[0]?.hint).toBe("did you mean 'sum'?");
  });
  it('matches overloads: counts, types and constants', () => {
    expect(codes(`${S} from S select sum(price, volume) as t insert into O;`)).toEqual([
      'E_ARGUMENT_COUNT',
    ]);
    expect(codes(`${S} from S select sum(symbol) as t insert into O;`)).toEqual([
      'E_ARGUMENT_TYPE',
    ]);
    expect(codes(`${S} from S select cast(price, symbol) as t insert into O;`)).toEqual([
      'E_ARGUMENT_NOT_CONSTANT',
    ]);
    expect(codes(`${S} from S select cast(price, 'newType') as t insert into O;`)).toEqual([
      'E_ARGUMENT_VALUE',
    ]);
    expect(codes(`${S} from S select coalesce(price, volume) as t insert into O;`)).toEqual([
      'E_INVALID_ARGUMENTS',
    ]);
    expect(codes(`${S} from S select default(price, 1) as t insert into O;`)).toEqual([
      'E_INVALID_ARGUMENTS',
    ]);
    expect(codes(`${S} from S select eventTimestamp(symbol) as t insert into O;`)).toEqual([
      'E_ARGUMENT_NOT_EVENT',
    ]);
  });
  it('computes return types', () => {
    const app = parseApp(
      `${S} from S select sum(price) as a, sum(volume) as b, max(price) as c, cast(symbol, 'double') as d, ifThenElse(ok, volume, 0L) as e, count() as f, avg(volume) as g insert into O;`,
    ).app;
    if (app === undefined) throw new Error('no app');
    const o = resolveSchemas(app, builtinCatalog).elements.get('O');
    expect(o?.attributes.map((x) => x.type)).toEqual([
      'double',
      'long',
      'float',
      'double',
      'long',
      'long',
      'double',
    ]);
  });
  it('accepts script functions', () => {
    expect(
      codes(
        `define function f[javascript] return string { return 'x'; }; ${S} from S select f(symbol) as t insert into O;`,
      ),
    ).toEqual([]);
  });
  it('accepts eventTimestamp of a pattern event', () => {
    expect(codes(`${S} from e1=S -> e2=S select eventTimestamp(e1) as t insert into O;`)).toEqual(
      [],
    );
  });
});

describe('windows and stream processors', () => {
  it('checks window overloads and constant-only parameters', () => {
    expect(codes(`${S} from S#window.time(2 sec, 5) select symbol insert into O;`)).toEqual([
      'E_ARGUMENT_COUNT',
    ]);
    expect(
      codes('define stream N (n int); from N#window.length(n) select n insert into O;'),
    ).toEqual(['E_ARGUMENT_NOT_CONSTANT']);
    expect(codes(`${S} from S#window.time(4.7) select symbol insert into O;`)).toEqual([
      'E_ARGUMENT_TYPE',
    ]);
    expect(
      codes(`${S} from S#window.externalTime(price, 1 sec) select symbol insert into O;`),
    ).toEqual(['E_ARGUMENT_TYPE']);
    expect(codes(`${S} from S#window.sort(2, volume, 'ecs') select symbol insert into O;`)).toEqual(
      ['E_INVALID_ARGUMENTS'],
    );
    expect(
      codes(
        `${S} from S#window.sort(2, volume, 'asc', price, 'desc') select symbol insert into O;`,
      ),
    ).toEqual([]);
    expect(codes(`${S} from S#window.lengthBatch(4, true) select symbol insert into O;`)).toEqual(
      [],
    );
    expect(codes(`${S} from S#window.batch(-3) select symbol insert into O;`)).toEqual([
      'E_ARGUMENT_VALUE',
    ]);
  });
  it('checks stream processors and their appended attributes', () => {
    expect(codes(`${S} from S#log(12) select symbol insert into O;`)).toEqual(['E_ARGUMENT_TYPE']);
    expect(codes(`${S} from S#log('INFO', 'msg', true) select symbol insert into O;`)).toEqual([]);
    expect(
      codes(
        'define stream P (theta double, rho double); from P#pol2Cart(theta, rho) select x, y insert into O;',
      ),
    ).toEqual([]);
  });
  it('rejects a window on a named window', () => {
    expect(
      codes(
        'define stream S (a int); define window W (a int) length(2); from W#window.length(2) select a insert into O;',
      ),
    ).toEqual(['E_INVALID_INPUT']);
  });
});

describe('tables, aggregations and inputs', () => {
  it('rejects a table or aggregation as a plain input or in a pattern', () => {
    expect(codes(`${T} from T select * insert into O;`)).toEqual(['E_INVALID_INPUT']);
    expect(codes(`${T} from every T select * insert into O;`)).toEqual(['E_INVALID_PATTERN']);
  });
  it('checks insert into an existing definition', () => {
    expect(
      codes(`${S} define stream O (symbol string); from S select symbol, price insert into O;`),
    ).toEqual(['E_SCHEMA_MISMATCH']);
    expect(codes(`${S} ${T} from S select symbol, price, price as volume insert into T;`)).toEqual([
      'E_SCHEMA_MISMATCH',
    ]);
    expect(codes(`${S} ${T} from S select symbol, price, volume insert into T;`)).toEqual([]);
  });
  it('checks table actions', () => {
    expect(codes(`${S} ${T} from S update T set T.price = price on T.symbol == symbol;`)).toEqual(
      [],
    );
    expect(codes(`${S} ${T} from S delete T on T.sym == symbol;`)).toEqual(['E_UNKNOWN_ATTRIBUTE']);
    expect(codes(`${S} from S delete Nope on symbol == 'x';`)).toEqual(['E_UNKNOWN_TABLE']);
    expect(codes(`${S} ${T} from S[symbol in T] select symbol insert into O;`)).toEqual([
      'E_NOT_BOOLEAN',
    ]);
  });
});

describe('joins', () => {
  const J =
    'define stream A (symbol string, price float); define stream B (symbol string, tweet string); ';
  it('rejects ambiguous unqualified attributes', () => {
    expect(
      codes(`${J} from A#window.length(1) join B#window.length(1) select symbol insert into O;`),
    ).toEqual(['E_AMBIGUOUS_ATTRIBUTE']);
  });
  it('rejects a stream id hidden by its alias', () => {
    expect(codes(`${J} from A as a join B as b select a.symbol, B.tweet insert into O;`)).toEqual([
      'E_UNKNOWN_STREAM_REFERENCE',
    ]);
  });
  it('rejects duplicate names from select *', () => {
    expect(codes(`${J} from A join B on A.symbol == B.symbol select * insert into O;`)).toEqual([
      'E_DUPLICATE_OUTPUT_ATTRIBUTE',
    ]);
  });
  it('rejects joining two tables, and aggregations without within/per', () => {
    expect(
      codes(
        'define table X (a int); define table Y (a int); from X join Y select X.a insert into O;',
      ),
    ).toEqual(['E_INVALID_JOIN']);
    const agg =
      'define stream T (s string, p double); define aggregation G from T select s, sum(p) as total group by s aggregate every sec ... min; ';
    expect(
      codes(`${agg} ${J} from A join G on A.symbol == G.s select total insert into O;`),
    ).toEqual(['E_INVALID_JOIN', 'E_INVALID_JOIN']);
    expect(
      codes(
        `${agg} ${J} from A join G on A.symbol == G.s within '2020-**-** **:**:**' per 'test' select total insert into O;`,
      ),
    ).toEqual(['E_INVALID_PER']);
  });
});

describe('patterns and partitions', () => {
  it('resolves pattern event references', () => {
    expect(
      codes(`${S} from e1=S -> e2=S[price > e1.price] select e1.symbol, e2.price insert into O;`),
    ).toEqual([]);
    expect(
      codes(`${S} from e1=S -> e2=S[price > e3.price] select e1.symbol insert into O;`),
    ).toEqual(['E_UNKNOWN_STREAM_REFERENCE']);
  });
  it('checks partitioned streams and inner streams', () => {
    expect(
      codes(`${S} partition with (symbol of Nope) begin from S select symbol insert into O; end;`),
    ).toEqual(['E_UNKNOWN_STREAM']);
    expect(
      codes(
        `${S} partition with (symbol of S) begin from #I select symbol insert into O; from S select symbol insert into #I; end;`,
      ),
    ).toEqual(['E_UNKNOWN_INNER_STREAM']);
    expect(
      codes(
        `${S} partition with (symbol of S) begin from S select symbol insert into #I; from #I select symbol insert into O; end;`,
      ),
    ).toEqual([]);
    expect(codes(`${S} from #I select symbol insert into O;`)).toEqual([
      'E_INNER_STREAM_OUTSIDE_PARTITION',
    ]);
  });
});

describe('aggregation definitions', () => {
  const base = 'define stream T (ts long, s string, p double); ';
  it('accepts a valid aggregation', () => {
    expect(
      codes(
        `${base} define aggregation G from T select s, avg(p) as a group by s aggregate by ts every sec ... year;`,
      ),
    ).toEqual([]);
  });
  it('rejects weeks, non-incremental aggregators and bad timestamps', () => {
    expect(
      codes(`${base} define aggregation G from T select sum(p) as t aggregate every week;`),
    ).toEqual(['E_INVALID_AGGREGATION']);
    expect(
      codes(`${base} define aggregation G from T select stdDev(p) as t aggregate every sec;`),
    ).toEqual(['E_INVALID_AGGREGATION']);
    expect(
      codes(`${base} define aggregation G from T select sum(p) as t aggregate by p every sec;`),
    ).toEqual(['E_INVALID_AGGREGATION']);
  });
  it('checks @purge retention periods', () => {
    expect(
      codes(
        `${base} @purge(enable='true', interval='1 min', @retentionPeriod(sec='120 sec', hours='25 h')) define aggregation G from T select sum(p) as t aggregate every sec ... min;`,
      ),
    ).toEqual(['E_INVALID_ANNOTATION']);
    expect(
      codes(
        `${base} @purge(enable='true', interval='1 min', @retentionPeriod(sec='10 sec')) define aggregation G from T select sum(p) as t aggregate every sec ... min;`,
      ),
    ).toEqual(['E_INVALID_ANNOTATION']);
  });
});

describe('annotations', () => {
  it('rejects @app:async and bad @async options', () => {
    expect(codes('@app:async define stream S (a int);')).toEqual(['E_UNSUPPORTED_ANNOTATION']);
    expect(codes("@async(buffer.size='16', workers='0') define stream S (a int);")).toEqual([
      'E_INVALID_ANNOTATION',
    ]);
    expect(
      codes("@async(buffer.size='16', workers='2', batch.size.max='4') define stream S (a int);"),
    ).toEqual([]);
  });
  it('checks @app:playback', () => {
    expect(
      codes(
        "@app:playback(idle.time = '100 millisecond', increment = '2') define stream S (a int);",
      ),
    ).toEqual(['E_INVALID_TIME_STRING']);
    expect(codes("@app:playback(idle.time = '100 millisecond') define stream S (a int);")).toEqual([
      'E_INVALID_ANNOTATION',
    ]);
    expect(
      codes(
        "@app:playback(idle.time = '100 millisecond', increment = '2 sec') define stream S (a int);",
      ),
    ).toEqual([]);
  });
  it('checks @PrimaryKey and @Index', () => {
    expect(codes("@PrimaryKey('Symbol') define table T (symbol string);")).toEqual([
      'E_INVALID_ANNOTATION',
    ]);
    expect(
      codes(
        "@PrimaryKey('symbol') @PrimaryKey('price') define table T (symbol string, price float);",
      ),
    ).toEqual(['E_INVALID_ANNOTATION']);
    expect(codes("@Index('symbol', 'price') define table T (symbol string, price float);")).toEqual(
      ['E_INVALID_ANNOTATION'],
    );
    expect(
      codes("@Index('symbol') @Index('symbol') define table T (symbol string, price float);"),
    ).toEqual(['E_INVALID_ANNOTATION']);
    expect(
      codes("@PrimaryKey('symbol') @Index('price') define table T (symbol string, price float);"),
    ).toEqual([]);
  });
  it('requires a type on @sink and @source', () => {
    expect(codes("@sink(name='log') define stream S (a int);")).toEqual(['E_INVALID_ANNOTATION']);
    expect(codes("@sink(type='log') define stream S (a int);")).toEqual([]);
  });
});

describe('on-demand queries', () => {
  const app = parseApp(
    `${T} define stream I (ts long, s string, p double); define aggregation G from I select s, sum(p) as t group by s aggregate by ts every sec ... hour;`,
  ).app;
  const check = (q: string): string[] => {
    const parsed = parseOnDemandQuery(q);
    if (parsed.query === undefined || app === undefined) throw new Error('did not parse');
    return validateOnDemandQuery(parsed.query, app, builtinCatalog).map((d) => d.code);
  };
  it('checks stores, conditions and aggregation reads', () => {
    expect(check('from T on price > 10 select symbol')).toEqual([]);
    expect(check('from Tx select *')).toEqual(['E_UNKNOWN_STORE']);
    expect(check('from I select *')).toEqual(['E_INVALID_INPUT']);
    expect(check('from G select *')).toEqual(['E_INVALID_STORE_QUERY', 'E_INVALID_STORE_QUERY']);
    expect(check("from G within '2017-06-** **:**:**' per 'days' select *")).toEqual([
      'E_INVALID_WITHIN',
    ]);
    expect(
      check("from G within '2017-06-02 00:00:00', '2017-06-01 00:00:00' per 'hours' select *"),
    ).toEqual(['E_INVALID_WITHIN']);
    expect(check("from G within '2017-06-** 12:**:**' per 'hours' select *")).toEqual([
      'E_INVALID_WITHIN',
    ]);
    expect(check("from G within '2017-06-** **:**:**' per 'hours' select *")).toEqual([]);
    expect(check("update T set T.price = 1f on T.symbol == 'x'")).toEqual([]);
  });
});
