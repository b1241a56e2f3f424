// The `text` sink mapper: events → Siddhi's default text format (`symbol:"WSO2",\nprice:55.6`)
// or a `@payload` template with `{{attribute}}` placeholders (mustache-style escaping when
// `mustache.enabled`); grouped events are joined by `delimiter` lines.

import {
  defineSinkMapper,
  param,
  type IoAttribute,
  type IoEvent,
  type OptionsOf,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import { formatAttributeValue } from './attribute-values.js';
import { compileTemplate, type CompiledTemplate } from './template.js';
import { textSharedParameters, unescapeOption } from './text-options.js';

const parameters = {
  ...textSharedParameters,
  'mustache.enabled': param.bool({
    description:
      'Mustache-style templates: `{{attr}}` is HTML-escaped (`&` → `&amp;`, `"` → `&quot;`, ' +
      '`=` → `&#61;`…) and `{{{attr}}}` is written as it is.',
    optional: true,
    default: false,
  }),
};

type Options = OptionsOf<typeof parameters>;

function templateOf(ctx: SinkMapperContext<Options>): CompiledTemplate | undefined {
  const payload = ctx.payload;
  if (payload === undefined) return undefined;
  let text: string;
  if (payload.kind === 'template') text = payload.template;
  else {
    const values = Object.values(payload.entries);
    if (values.length !== 1 || values[0] === undefined) {
      throw new Error(
        `text mapper of stream '${ctx.streamId}': @payload takes one template, found ${String(values.length)} entries`,
      );
    }
    text = values[0];
  }
  return compileTemplate(text, ctx.attributes, { mustache: ctx.options['mustache.enabled'] });
}

/** Siddhi's default text form of one event. */
function defaultText(
  attributes: readonly IoAttribute[],
  data: readonly unknown[],
  eol: string,
): string {
  let out = '';
  for (let i = 0; i < attributes.length; i += 1) {
    const attribute = attributes[i];
    if (attribute === undefined) continue;
    const value = data[i];
    if (i > 0) out += `,${eol}`;
    out += `${attribute.name}:`;
    out +=
      attribute.type === 'string' && typeof value === 'string'
        ? `"${value}"`
        : formatAttributeValue(value, attribute.type);
  }
  return out;
}

class TextSinkMapper implements SinkMapper {
  private readonly eol: string;
  private readonly separator: string;
  private readonly template: CompiledTemplate | undefined;

  constructor(private readonly ctx: SinkMapperContext<Options>) {
    this.eol = unescapeOption(ctx.options['new.line.character']);
    this.separator = this.eol + unescapeOption(ctx.options.delimiter) + this.eol;
    this.template = templateOf(ctx);
  }

  private text(data: readonly unknown[]): string {
    return this.template === undefined
      ? defaultText(this.ctx.attributes, data, this.eol)
      : this.template.fill(data);
  }

  map(events: readonly IoEvent[], emit: (payload: unknown, event: IoEvent) => void): void {
    const last = events[events.length - 1];
    if (last === undefined) return;
    if (this.ctx.options['event.grouping.enabled']) {
      emit(events.map((e) => this.text(e.data)).join(this.separator), last);
    } else {
      for (const event of events) emit(this.text(event.data), event);
    }
  }
}

/**
 * The `text` sink mapper.
 * @example
 * // @sink(type='inMemory', topic='t', @map(type='text')) define stream S (symbol string, price float);
 * // event ['WSO2', 55.6] → 'symbol:"WSO2",\nprice:55.6'
 */
export const textSinkMapper = defineSinkMapper({
  name: 'text',
  status: 'stable',
  summary: 'Converts events to text: the default `attr:value` lines or a `{{attr}}` template.',
  description:
    'Default format: `name:value` per attribute joined by `,` and a line break, strings in ' +
    'double quotes, null as `null`, floats in their shortest form. With `@payload("…")` the ' +
    'template’s `{{attr}}` placeholders are replaced by the event’s values. Grouped events ' +
    'are joined by a line holding `delimiter`.',
  contentType: 'text/plain',
  parameters,
  examples: [
    {
      description:
        'Default mapping: (WSO2, 55.6, 100) is published as `symbol:"WSO2",\\nprice:55.6,\\nvolume:100`.',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='text'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Template: (WSO2, 1000, 100) is published as ' +
        '`SensorID : WSO2/100, SensorPrice : Rs1000/=, Value : 100ml`.',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='text', " +
        '@payload("SensorID : {{symbol}}/{{volume}}, SensorPrice : Rs{{price}}/=, Value : {{volume}}ml")))\n' +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Grouped template output: `Stock price of WSO2 is 55.6`, a `~~~~~~~~~~` line, the next event…',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='text', event.grouping.enabled='true', " +
        '@payload("Stock price of {{symbol}} is {{price}}")))\n' +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Mustache escaping: `{{symbol}}` of `a&b` is written `a&amp;b`, `{{{symbol}}}` raw.',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='text', mustache.enabled='true', " +
        '@payload("escaped {{symbol}}, raw {{{symbol}}}")))\n' +
        'define stream FooStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new TextSinkMapper(ctx),
});
