// Minimal descriptions of the built-in annotation-typed extensions: inMemory source/sink,
// log sink, passThrough mappers, inMemory store and the distribution strategies.

import type {
  ExtensionKind,
  ExtensionSpec,
  ParameterSpec,
} from '../../compiler/extension-catalog.js';

function io(
  kind: ExtensionKind,
  name: string,
  summary: string,
  parameters: readonly ParameterSpec[] = [],
): ExtensionSpec {
  return { kind, namespace: '', name, summary, overloads: [], parameters };
}

const opt = (name: string): ParameterSpec => ({ name, types: ['string'], optional: true });

export const builtinIo: readonly ExtensionSpec[] = [
  io('source', 'inMemory', 'Subscribes to an in-process topic.', [
    { name: 'topic', types: ['string'] },
  ]),
  io('sink', 'inMemory', 'Publishes to an in-process topic.', [
    { name: 'topic', types: ['string'] },
  ]),
  io('sink', 'log', 'Logs the events.', [opt('priority'), opt('prefix')]),
  io('sourceMapper', 'passThrough', 'Events pass unchanged.'),
  io('sinkMapper', 'passThrough', 'Events pass unchanged.'),
  io('store', 'inMemory', 'The default in-memory table store.'),
  io('distributionStrategy', 'roundRobin', 'Sends each event to the next destination.'),
  io('distributionStrategy', 'broadcast', 'Sends each event to every destination.'),
  io('distributionStrategy', 'partitioned', 'Routes by a partition key.', [
    { name: 'partitionKey', types: ['string'] },
  ]),
];
