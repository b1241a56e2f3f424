// A small harness for tests: creates an app on a virtual clock, records what one query emits
// and sends rows into one stream.

import { createEngine } from '../engine.js';
import { silentLogger } from '../runtime/app/logger.js';
import { VirtualClock } from '../runtime/time/index.js';

/** What `runQuery` gives back: the query's current (`in`) and expired (`remove`) rows. */
export interface QueryRun {
  readonly in: unknown[][];
  readonly remove: unknown[][];
  readonly clock: VirtualClock;
  send(row: unknown[], timestamp?: number): void;
}

/**
 * Starts `app` on a virtual clock (time 0 unless given) and listens to query `query`.
 * @example
 * const run = runQuery("define stream S (v int); @info(name='q') from S select v insert into O;");
 * run.send([1]); // run.in is [[1]]
 */
export function runQuery(
  app: string,
  options: { readonly query?: string; readonly stream?: string; readonly startTime?: number } = {},
): QueryRun {
  const clock = new VirtualClock(options.startTime ?? 0);
  const result = createEngine({ timeService: clock, logger: silentLogger }).createApp(app);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const input = result.app.input(options.stream ?? 'S');
  const run: QueryRun = {
    in: [],
    remove: [],
    clock,
    send: (row, timestamp) => {
      input.send(row, timestamp);
    },
  };
  result.app.on(options.query ?? 'q', (inEvents, removeEvents) => {
    for (const e of inEvents) run.in.push(e.data);
    for (const e of removeEvents) run.remove.push(e.data);
  });
  result.app.start();
  return run;
}
