// Unit tests of `app.queryResult`: on-demand queries give their output attribute names and
// types with the rows (`app.query` keeps returning the rows alone).

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine.js';
import type { AppRuntime } from '../app/app-runtime.js';
import { VirtualClock } from '../time/index.js';
import { OnDemandQueryError } from './on-demand-error.js';

const APP = `
define stream S (symbol string, price float, volume long);
@PrimaryKey('symbol') define table T (symbol string, price float, volume long);
from S insert into T;
`;

function loaded(): AppRuntime {
  const created = createEngine({ timeService: new VirtualClock(0) }).createApp(APP);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  const s = created.app.input('S');
  s.send(['IBM', 75.5, 100]);
  s.send(['WSO2', 55.5, 10]);
  return created.app;
}

describe('on-demand query results', () => {
  it('gives the output attributes with the rows', () => {
    const app = loaded();
    const result = app.queryResult(
      'from T on volume > 50 select symbol, price * 2 as doubled, volume',
    );
    expect(result.attributes).toEqual([
      { name: 'symbol', type: 'string' },
      { name: 'doubled', type: 'float' },
      { name: 'volume', type: 'long' },
    ]);
    expect(result.rows).toEqual([['IBM', 151, 100]]);
  });

  it('types aggregates and expands select *', () => {
    const app = loaded();
    expect(app.queryResult('from T select sum(volume) as total, avg(price) as p')).toEqual({
      attributes: [
        { name: 'total', type: 'long' },
        { name: 'p', type: 'double' },
      ],
      rows: [[110, 65.5]],
    });
    const all = app.queryResult('from T on symbol == "WSO2" select *');
    expect(all.attributes.map((a) => `${a.name}:${a.type}`)).toEqual([
      'symbol:string',
      'price:float',
      'volume:long',
    ]);
    expect(all.rows).toEqual([['WSO2', 55.5, 10]]);
  });

  it('keeps the attributes when no row is found, and gives none for table actions', () => {
    const app = loaded();
    expect(app.queryResult('from T on volume > 1000 select symbol')).toEqual({
      attributes: [{ name: 'symbol', type: 'string' }],
      rows: [],
    });
    expect(
      app.queryResult("select 'ORCL' as symbol, 1.5f as price, 7L as volume insert into T"),
    ).toEqual({ attributes: [], rows: [] });
    expect(app.query("from T on symbol == 'ORCL' select volume")).toEqual([[7]]);
  });

  it('reports bad queries as query does', () => {
    const app = loaded();
    expect(() => app.queryResult('from Nope select *')).toThrow(OnDemandQueryError);
  });
});
