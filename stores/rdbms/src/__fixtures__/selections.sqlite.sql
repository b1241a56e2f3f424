-- from T select symbol, sum(price) as total group by symbol order by total desc limit 10
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", SUM(CAST("price" AS REAL)) AS "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "symbol") AS "tributary_selection" ORDER BY "tributary_c1" DESC, "tributary_first" ASC LIMIT ?; -- [10]

-- from T select symbol, sum(volume) as v, count() as n, avg(price) as p, min(price) as lo, max(volume) as hi, distinctCount(flag) as d, avg(rank) as r group by symbol
SELECT "tributary_c0", "tributary_c1", "tributary_c2", "tributary_c3", "tributary_c4", "tributary_c5", "tributary_c6", "tributary_c7" FROM (SELECT "symbol" AS "tributary_c0", SUM("volume") AS "tributary_c1", COUNT(*) AS "tributary_c2", AVG(CAST("price" AS REAL)) AS "tributary_c3", MIN("price") AS "tributary_c4", MAX("volume") AS "tributary_c5", (COUNT(DISTINCT "flag") + MAX(CASE WHEN "flag" IS NULL THEN 1 ELSE 0 END)) AS "tributary_c6", AVG(CAST("rank" AS REAL)) AS "tributary_c7", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "symbol") AS "tributary_selection" ORDER BY "tributary_first" ASC; -- []

-- from T on volume > 1000 select count() as n, sum(price) as p
SELECT "tributary_c0", "tributary_c1" FROM (SELECT COUNT(*) AS "tributary_c0", SUM(CAST("price" AS REAL)) AS "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" WHERE ("volume" > ?) HAVING (COUNT(*) > 0)) AS "tributary_selection" ORDER BY "tributary_first" ASC; -- [1000]

-- from T on volume > 1000 select symbol, count() as n group by symbol
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", COUNT(*) AS "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" WHERE ("volume" > ?) GROUP BY "symbol") AS "tributary_selection" ORDER BY "tributary_first" ASC; -- [1000]

-- from T select count() as n, sum(volume) as v, distinctCount(symbol) as s, distinctCount(rank) as k
SELECT "tributary_c0", "tributary_c1", "tributary_c2", "tributary_c3" FROM (SELECT COUNT(*) AS "tributary_c0", SUM("volume") AS "tributary_c1", (COUNT(DISTINCT "symbol") + MAX(CASE WHEN "symbol" IS NULL THEN 1 ELSE 0 END)) AS "tributary_c2", (COUNT(DISTINCT "rank") + MAX(CASE WHEN "rank" IS NULL THEN 1 ELSE 0 END)) AS "tributary_c3", MIN(rowid) AS "tributary_first" FROM "T" HAVING (COUNT(*) > 0)) AS "tributary_selection" ORDER BY "tributary_first" ASC; -- []

-- from T select * order by price desc limit 3
SELECT "tributary_c0", "tributary_c1", "tributary_c2", "tributary_c3", "tributary_c4" FROM (SELECT "symbol" AS "tributary_c0", "price" AS "tributary_c1", "volume" AS "tributary_c2", "flag" AS "tributary_c3", "rank" AS "tributary_c4", rowid AS "tributary_first" FROM "T") AS "tributary_selection" ORDER BY "tributary_c1" DESC, "tributary_first" ASC LIMIT ?; -- [3]

-- from T select * order by volume, flag desc
SELECT "tributary_c0", "tributary_c1", "tributary_c2", "tributary_c3", "tributary_c4" FROM (SELECT "symbol" AS "tributary_c0", "price" AS "tributary_c1", "volume" AS "tributary_c2", "flag" AS "tributary_c3", "rank" AS "tributary_c4", rowid AS "tributary_first" FROM "T") AS "tributary_selection" ORDER BY "tributary_c2" ASC, "tributary_c3" DESC, "tributary_first" ASC; -- []

-- from T select symbol, price order by symbol limit 4 offset 2
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", "price" AS "tributary_c1", rowid AS "tributary_first" FROM "T") AS "tributary_selection" ORDER BY "tributary_c0" COLLATE BINARY ASC, "tributary_first" ASC LIMIT ? OFFSET ?; -- [4,2]

-- from T select symbol, price order by symbol desc offset 3
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", "price" AS "tributary_c1", rowid AS "tributary_first" FROM "T") AS "tributary_selection" ORDER BY "tributary_c0" COLLATE BINARY DESC, "tributary_first" ASC LIMIT -1 OFFSET ?; -- [3]

-- from T select symbol order by symbol limit 0
SELECT "tributary_c0" FROM (SELECT "symbol" AS "tributary_c0", rowid AS "tributary_first" FROM "T") AS "tributary_selection" ORDER BY "tributary_c0" COLLATE BINARY ASC, "tributary_first" ASC LIMIT ?; -- [0]

-- from T select symbol, count() as n group by symbol having n > 1 order by symbol
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", COUNT(*) AS "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "symbol" HAVING (COUNT(*) > ?)) AS "tributary_selection" ORDER BY "tributary_c0" COLLATE BINARY ASC, "tributary_first" ASC; -- [1]

-- from T select symbol, count() as n, max(price) as m group by symbol having n >= 2 and max(price) > 50 order by symbol desc
SELECT "tributary_c0", "tributary_c1", "tributary_c2" FROM (SELECT "symbol" AS "tributary_c0", COUNT(*) AS "tributary_c1", MAX("price") AS "tributary_c2", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "symbol" HAVING ((COUNT(*) >= ?) AND (MAX("price") > ?))) AS "tributary_selection" ORDER BY "tributary_c0" COLLATE BINARY DESC, "tributary_first" ASC; -- [2,50]

-- from T select count() as n having n > 100
SELECT "tributary_c0" FROM (SELECT COUNT(*) AS "tributary_c0", MIN(rowid) AS "tributary_first" FROM "T" HAVING (COUNT(*) > 0) AND (COUNT(*) > ?)) AS "tributary_selection" ORDER BY "tributary_first" ASC; -- [100]

-- from T select symbol, volume * 2 as v having v > 10 order by v
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", ("volume" * ?) AS "tributary_c1", rowid AS "tributary_first" FROM "T" WHERE (("volume" * ?) > ?)) AS "tributary_selection" ORDER BY "tributary_c1" ASC, "tributary_first" ASC; -- [2,2,10]

-- from T select symbol, sum(volume) / 3 as v, sum(volume) % 3 as m group by symbol order by v desc, symbol
SELECT "tributary_c0", "tributary_c1", "tributary_c2" FROM (SELECT "symbol" AS "tributary_c0", (CAST(SUM("volume") AS INTEGER) / CAST(NULLIF(?, 0) AS INTEGER)) AS "tributary_c1", (SUM("volume") % NULLIF(?, 0)) AS "tributary_c2", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "symbol") AS "tributary_selection" ORDER BY "tributary_c1" DESC, "tributary_c0" COLLATE BINARY ASC, "tributary_first" ASC; -- [3,3]

-- from T select flag, rank, count() as n, sum(price) as p group by flag, rank order by n desc
SELECT "tributary_c0", "tributary_c1", "tributary_c2", "tributary_c3" FROM (SELECT "flag" AS "tributary_c0", "rank" AS "tributary_c1", COUNT(*) AS "tributary_c2", SUM(CAST("price" AS REAL)) AS "tributary_c3", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "flag", "rank") AS "tributary_selection" ORDER BY "tributary_c2" DESC, "tributary_first" ASC; -- []

-- from T on price > 5.0 select flag, avg(volume) as a group by flag order by a
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "flag" AS "tributary_c0", AVG(CAST("volume" AS REAL)) AS "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" WHERE ("price" > ?) GROUP BY "flag") AS "tributary_selection" ORDER BY "tributary_c1" ASC, "tributary_first" ASC; -- [5]

-- from T select symbol, price * 2 as p, volume - rank as d order by p desc limit 5
SELECT "tributary_c0", "tributary_c1", "tributary_c2" FROM (SELECT "symbol" AS "tributary_c0", ("price" * ?) AS "tributary_c1", ("volume" - "rank") AS "tributary_c2", rowid AS "tributary_first" FROM "T") AS "tributary_selection" ORDER BY "tributary_c1" DESC, "tributary_first" ASC LIMIT ?; -- [2,5]

-- from T on symbol != 'ORCL' select symbol, sum(price) + 1.5 as p group by symbol order by p limit 3 offset 1
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", (SUM(CAST("price" AS REAL)) + ?) AS "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" WHERE ("symbol" <> ?) GROUP BY "symbol") AS "tributary_selection" ORDER BY "tributary_c1" ASC, "tributary_first" ASC LIMIT ? OFFSET ?; -- [1.5,"ORCL",3,1]

-- from T select rank, min(price) as lo group by rank having lo < 10 order by rank
SELECT "tributary_c0", "tributary_c1" FROM (SELECT "rank" AS "tributary_c0", MIN("price") AS "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "rank" HAVING (MIN("price") < ?)) AS "tributary_selection" ORDER BY "tributary_c0" ASC, "tributary_first" ASC; -- [10]
