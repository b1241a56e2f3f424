// The `inMemory` source and sink: app-to-app streams within one process over an
// `InMemoryBroker` topic (the process's broker for the built-ins, or one you pass).

import { defineSink, defineSource, type Extension } from '../../extension-api/define.js';
import type { SourceContext } from '../../extension-api/io-contracts.js';
import { param } from '../../extension-api/param.js';
import { inMemoryBroker, type InMemoryBroker } from './in-memory-broker.js';

const sourceParameters = {
  topic: param.string({ description: 'The topic to subscribe to.' }),
};

const sinkParameters = {
  topic: param.string({
    description: "The topic to publish to; may name attributes, e.g. '{{symbol}}'.",
    dynamic: true,
  }),
};

interface Held {
  readonly message: unknown;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** A subscription that holds messages while paused and hands them over on resume. */
function sourceConnection(broker: InMemoryBroker, ctx: SourceContext<{ readonly topic: string }>) {
  let unsubscribe: (() => void) | undefined;
  let paused = false;
  const held: Held[] = [];
  const deliver = (item: Held): void => {
    ctx.emit(item.message).then(item.resolve, item.reject);
  };
  return {
    connect(): Promise<void> {
      unsubscribe ??= broker.subscribe(ctx.options.topic, (message) => {
        if (!paused) return ctx.emit(message);
        return new Promise<void>((resolve, reject) => {
          held.push({ message, resolve, reject });
        });
      });
      return Promise.resolve();
    },
    disconnect(): Promise<void> {
      unsubscribe?.();
      unsubscribe = undefined;
      return Promise.resolve();
    },
    pause(): void {
      paused = true;
    },
    resume(): void {
      paused = false;
      for (const item of held.splice(0)) deliver(item);
    },
  };
}

/**
 * The `inMemory` source and sink bound to a broker (the built-ins use the process's).
 * @example
 * const broker = new InMemoryBroker();
 * const engine = createEngine({ extensions: createRegistry(builtinExtensions, {
 *   package: 'my-host', version: '1.0.0', extensions: inMemoryExtensions(broker) }) });
 */
export function inMemoryExtensions(broker: InMemoryBroker = inMemoryBroker): readonly Extension[] {
  return [
    defineSource({
      name: 'inMemory',
      status: 'stable',
      summary:
        'Subscribes to an in-process topic fed by inMemory sinks (app-to-app in one process).',
      description:
        'Each message published to the topic becomes events through the source mapper ' +
        '(`passThrough` by default: an event, its data array, or an array of either).',
      parameters: sourceParameters,
      defaultMapper: 'passThrough',
      examples: [
        {
          description: "Receives the events other apps publish to the topic 'Stocks'.",
          siddhi:
            "@source(type='inMemory', topic='Stocks', @map(type='passThrough'))\n" +
            'define stream StockStream (symbol string, price float, volume long);',
        },
      ],
      create: (ctx) => sourceConnection(broker, ctx),
    }),
    defineSink({
      name: 'inMemory',
      status: 'stable',
      summary: 'Publishes to an in-process topic consumed by inMemory sources.',
      description:
        'Publishing to a topic nobody subscribes to fails with a connection error, handled ' +
        "by the sink's `on.error`.",
      parameters: sinkParameters,
      defaultMapper: 'passThrough',
      examples: [
        {
          description: 'Publishes each event to the topic named by its symbol.',
          siddhi:
            "@sink(type='inMemory', topic='{{symbol}}', @map(type='passThrough'))\n" +
            'define stream StockStream (symbol string, price float, volume long);',
        },
      ],
      create: () => ({
        connect: () => Promise.resolve(),
        disconnect: () => Promise.resolve(),
        publish: (payload, options) => broker.publish(options.topic ?? '', payload),
      }),
    }),
  ];
}
