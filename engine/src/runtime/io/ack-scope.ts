// Ack scopes: a source's `emit` sends its events synchronously; every sink publication started
// during that send registers its promise in the current scope, so `emit` can resolve only once
// those publications were acknowledged (at-least-once delivery through the app).

let current: Promise<unknown>[] | undefined;

/**
 * Runs `send` in a new ack scope: its result, and a promise resolving once every publication
 * registered during it settled.
 * @example
 * const { result: taken, acks } = collectAcks(() => input.sendBatch(rows));
 */
export function collectAcks<T>(send: () => T): { result: T; acks: Promise<void> } {
  const previous = current;
  const acks: Promise<unknown>[] = [];
  current = acks;
  let result: T;
  try {
    result = send();
  } finally {
    current = previous;
  }
  const settled = acks.length === 0 ? Promise.resolve() : Promise.all(acks).then(() => undefined);
  return { result, acks: settled };
}

/**
 * Registers a publication in the scope of the `emit` running now, if any.
 * @example
 * if (inAckScope()) trackAck(publication);
 */
export function trackAck(ack: Promise<unknown>): void {
  current?.push(ack);
}

/**
 * True inside `collectAcks` (sinks skip making promises otherwise).
 * @example
 * inAckScope(); // false outside a source's emit
 */
export function inAckScope(): boolean {
  return current !== undefined;
}
