// The on-demand queries the selection push-down tests run: rows with nulls, ties, strings that
// differ by case or a trailing space and floats not exact in 32 bits; queries a store runs in
// SQL, and queries that must stay with the engine (the store's answer could differ).

/** The attributes of the stream and table the queries read. */
export const TABLE = '(symbol string, price float, volume long, flag bool, rank int)';

/** Rows with nulls everywhere, ties, strings differing by case and trailing space. */
export const ROWS: readonly (readonly unknown[])[] = [
  ['IBM', 75.6, 100, true, 3],
  ['WSO2', 55.5, 10, false, 1],
  ['IBM', 10.25, null, null, 2],
  [null, 1.5, 5, true, 7],
  ['ORCL', null, 7, false, 7],
  ['WSO2', 3, 3, true, 2],
  ['ibm', 55.5, 10, false, 1],
  ['IBM ', 0.1, 10, true, 4],
  ['ORCL', 2.75, 7, null, null],
  ['B', 55.5, 8, true, 5],
];

/** Queries whose selection the store runs in SQL. */
export const PUSHED = [
  'from T select symbol, sum(price) as total group by symbol order by total desc limit 10',
  'from T select symbol, sum(volume) as v, count() as n, avg(price) as p, min(price) as lo, max(volume) as hi, distinctCount(flag) as d, avg(rank) as r group by symbol',
  'from T on volume > 1000 select count() as n, sum(price) as p',
  'from T on volume > 1000 select symbol, count() as n group by symbol',
  'from T select count() as n, sum(volume) as v, distinctCount(symbol) as s, distinctCount(rank) as k',
  'from T select * order by price desc limit 3',
  'from T select * order by volume, flag desc',
  'from T select symbol, price order by symbol limit 4 offset 2',
  'from T select symbol, price order by symbol desc offset 3',
  'from T select symbol order by symbol limit 0',
  'from T select symbol, count() as n group by symbol having n > 1 order by symbol',
  'from T select symbol, count() as n, max(price) as m group by symbol having n >= 2 and max(price) > 50 order by symbol desc',
  'from T select count() as n having n > 100',
  'from T select symbol, volume * 2 as v having v > 10 order by v',
  'from T select symbol, sum(volume) / 3 as v, sum(volume) % 3 as m group by symbol order by v desc, symbol',
  'from T select flag, rank, count() as n, sum(price) as p group by flag, rank order by n desc',
  'from T on price > 5.0 select flag, avg(volume) as a group by flag order by a',
  'from T select symbol, price * 2 as p, volume - rank as d order by p desc limit 5',
  "from T on symbol != 'ORCL' select symbol, sum(price) + 1.5 as p group by symbol order by p limit 3 offset 1",
  'from T select rank, min(price) as lo group by rank having lo < 10 order by rank',
] as const;

/** Queries the engine keeps (the store would differ from the engine): results must still agree. */
export const KEPT = [
  // sum can fall again: the engine keeps the last row for which the having held.
  'from T select symbol, sum(price) as s group by symbol having s > 10',
  // price is read from each group's last record.
  'from T select symbol, price, count() as n group by symbol',
  // count can only rise, but the engine lists a group where its having first held.
  'from T select symbol, count() as n group by symbol having n > 1',
  'from T select symbol, price * 1.5f + 1 as p order by p',
] as const;
