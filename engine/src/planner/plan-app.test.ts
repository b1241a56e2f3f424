// Unit tests for the planner: unsupported features become diagnostics (all at once), query
// names are generated without clashing, and the expression scope resolves qualified names.

import { describe, expect, it } from 'vitest';
import { builtinCatalog, builtinRegistry } from '../builtins/catalog/index.js';
import { compile } from '../compiler/compile.js';
import { resolveSchemas } from '../compiler/validation/index.js';
import type { SiddhiApp, Variable } from '../query-api/index.js';
import { NO_SPAN } from '../query-api/index.js';
import { AppScheduler } from '../runtime/app/app-scheduler.js';
import { streamEvent } from '../runtime/event/event.js';
import { VirtualClock } from '../runtime/time/index.js';
import { eventScope } from './event-scope.js';
import { planApp, type PlanResult } from './plan-app.js';

function model(text: string): SiddhiApp {
  const result = compile(text);
  if (!result.ok || result.app === undefined) throw new Error(result.diagnostics[0]?.message);
  return result.app;
}

function plan(text: string): PlanResult {
  const app = model(text);
  const time = new AppScheduler(new VirtualClock(0), { log: () => undefined });
  return planApp(app, resolveSchemas(app, builtinCatalog), {
    appName: 'test',
    time,
    logger: { log: () => undefined },
    functions: { clock: time, functions: builtinRegistry.functions },
    extensions: builtinRegistry,
  });
}

describe('planApp', () => {
  it('reports every unsupported feature at its span', () => {
    const result = plan(
      'define stream S (a int); ' +
        'from (from S select a return) select a insert into O; from (from S select a return) select a insert into P;',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span.start.column])).toEqual([
      [
        'E_UNSUPPORTED_FEATURE',
        'anonymous (nested) queries are not supported by the runtime yet',
        32,
      ],
      [
        'E_UNSUPPORTED_FEATURE',
        'anonymous (nested) queries are not supported by the runtime yet',
        86,
      ],
    ]);
  });

  it('plans junctions for defined, inferred, trigger and fault streams and names queries', () => {
    const result = plan(
      "@OnError(action='stream') define stream S (a int); define trigger T at 'start';" +
        'from S select a insert into O;' +
        "@info(name='query1') from O select a insert into P;" +
        'from T select triggered_time insert into Q;',
    );
    if (!result.ok) throw new Error(result.diagnostics[0]?.message);
    expect([...result.streams.keys()].sort()).toEqual(['!S', 'O', 'P', 'Q', 'S', 'T']);
    expect([...result.queries.keys()]).toEqual(['query2', 'query1', 'query3']);
    expect(result.streams.get('!S')?.attributes.map((a) => a.name)).toEqual(['a', '_error']);
    expect(result.lifecycles).toHaveLength(1);
  });
});

describe('eventScope', () => {
  const scope = eventScope('S', 's', [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'float' },
  ]);
  const v = (attribute: string, stream?: string): Variable => ({
    kind: 'variable',
    span: NO_SPAN,
    attribute,
    ...(stream === undefined ? {} : { stream }),
  });

  it('resolves plain, stream-qualified and alias-qualified attributes', () => {
    const event = streamEvent(5, ['IBM', 10]);
    expect(scope.resolve(v('price')).read(event)).toBe(10);
    expect(scope.resolve(v('symbol', 'S')).read(event)).toBe('IBM');
    expect(scope.resolve(v('symbol', 's')).type).toBe('string');
    expect(scope.timestamp(event)).toBe(5);
  });

  it('reads missing values as null and rejects unknown names', () => {
    expect(scope.resolve(v('price')).read(streamEvent(1, ['IBM']))).toBeNull();
    expect(() => scope.resolve(v('volume'))).toThrow(/no attribute 'volume'/);
    expect(() => scope.resolve(v('price', 'X'))).toThrow(/does not refer to stream 'S'/);
  });
});
