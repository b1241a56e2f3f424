// The `keyvalue` sink mapper: one event → one plain object, keyed by attribute name or by the
// keys of `@payload(key='attr' | key='{{attr}} text' | key='`literal`')`.

import {
  defineSinkMapper,
  type IoEvent,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import { compileTemplate } from './template.js';

type Entry = (data: readonly unknown[]) => unknown;

function entriesOf(ctx: SinkMapperContext<Readonly<Record<string, never>>>): [string, Entry][] {
  const payload = ctx.payload;
  if (payload === undefined) {
    return ctx.attributes.map((a, i) => [a.name, (data) => data[i] ?? null]);
  }
  const where = `keyvalue mapper of stream '${ctx.streamId}'`;
  if (payload.kind === 'template') {
    throw new Error(
      `${where}: @payload must name its keys (key='attribute'), not hold one template`,
    );
  }
  return Object.entries(payload.entries).map(([key, value]): [string, Entry] => {
    const literal = /^`(.*)`$/s.exec(value);
    if (literal !== null) {
      const text = literal[1] ?? '';
      return [key, () => text];
    }
    if (value.includes('{{')) {
      const template = compileTemplate(value, ctx.attributes);
      return [key, (data) => template.fill(data)];
    }
    const index = ctx.attributes.findIndex((a) => a.name === value.trim());
    if (index < 0) {
      throw new Error(
        `${where}: @payload key '${key}' maps '${value}', which is not an attribute ` +
          "(write a literal as '`text`', or a template as '{{attr}} text')",
      );
    }
    return [key, (data) => data[index] ?? null];
  });
}

class KeyValueSinkMapper implements SinkMapper {
  private readonly entries: readonly [string, Entry][];

  constructor(ctx: SinkMapperContext<Readonly<Record<string, never>>>) {
    this.entries = entriesOf(ctx);
  }

  map(events: readonly IoEvent[], emit: (payload: unknown, event: IoEvent) => void): void {
    for (const event of events) {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of this.entries) out[key] = entry(event.data);
      emit(out, event);
    }
  }
}

/**
 * The `keyvalue` sink mapper.
 * @example
 * // @sink(type='inMemory', topic='t', @map(type='keyvalue')) define stream S (symbol string, price double);
 * // event ['WSO2', 55.6] → { symbol: 'WSO2', price: 55.6 }
 */
export const keyvalueSinkMapper = defineSinkMapper({
  name: 'keyvalue',
  status: 'stable',
  summary: 'Converts each event to a key-value map (a plain object).',
  description:
    'Without `@payload`, the keys are the attribute names (null values included). With ' +
    "`@payload(a='symbol', b='{{symbol}} is here', c='`price`')` a key takes an attribute's " +
    'value as it is, a `{{attr}}` template filled as a string, or a backquoted literal.',
  contentType: 'application/x-www-form-urlencoded',
  parameters: {},
  examples: [
    {
      description:
        "Default mapping: (WSO2, 55.6, 100) is published as { symbol: 'WSO2', price: 55.6, volume: 100 }.",
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='keyvalue'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        "Custom keys: (WSO2, 55.6, 100) is published as { a: 'WSO2 is here', b: 'price', c: 100 }.",
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='keyvalue', " +
        "@payload(a='{{symbol}} is here', b='`price`', c='volume')))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new KeyValueSinkMapper(ctx),
});
