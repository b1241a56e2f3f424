// The in-process topic broker behind the `inMemory` source and sink (Siddhi's InMemoryBroker):
// apps of one process talk through named topics; publishing to a topic nobody subscribes to
// fails with `ConnectionUnavailableError`, as in Siddhi.

import { ConnectionUnavailableError } from '../../extension-api/io-contracts.js';

/** Receives the messages of a topic; a promise tells the publisher when it was handled. */
export type BrokerSubscriber = (message: unknown) => Promise<void> | void;

/**
 * Topics with their subscribers.
 * @example
 * const broker = new InMemoryBroker();
 * const unsubscribe = broker.subscribe('stocks', (m) => console.log(m));
 * broker.publish('stocks', { timestamp: 0, data: ['IBM', 75.5] });
 * unsubscribe();
 */
export class InMemoryBroker {
  readonly #topics = new Map<string, Set<BrokerSubscriber>>();

  /** Adds a subscriber to a topic; returns the function that removes it. */
  subscribe(topic: string, subscriber: BrokerSubscriber): () => void {
    let subscribers = this.#topics.get(topic);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.#topics.set(topic, subscribers);
    }
    // A wrapper per subscription, so the same function may subscribe twice.
    const entry: BrokerSubscriber = (message) => subscriber(message);
    subscribers.add(entry);
    return () => {
      const current = this.#topics.get(topic);
      current?.delete(entry);
      if (current?.size === 0) this.#topics.delete(topic);
    };
  }

  /** How many subscribers a topic has. */
  subscriberCount(topic: string): number {
    return this.#topics.get(topic)?.size ?? 0;
  }

  /**
   * Delivers a message to every subscriber of the topic, synchronously; the result settles
   * once every subscriber handled it (a promise only when one returned a promise).
   * Throws `ConnectionUnavailableError` when the topic has no subscriber.
   */
  publish(topic: string, message: unknown): Promise<void> | void {
    const subscribers = this.#topics.get(topic);
    if (subscribers === undefined || subscribers.size === 0) {
      throw new ConnectionUnavailableError(`Subscriber for topic '${topic}' is unavailable`);
    }
    let pending: Promise<void>[] | undefined;
    for (const subscriber of [...subscribers]) {
      const result = subscriber(message);
      if (result instanceof Promise) (pending ??= []).push(result);
    }
    if (pending === undefined) return undefined;
    return Promise.all(pending).then(() => undefined);
  }
}

/**
 * The broker of the process, used by the built-in `inMemory` source and sink.
 * @example
 * inMemoryBroker.subscribe('Stocks', (event) => console.log(event));
 */
export const inMemoryBroker = new InMemoryBroker();
