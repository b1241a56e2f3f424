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

/**
 * One acknowledgement for many publications (a sink's share of one chunk): `add` per
 * publication gives its `done` callback; `seal` registers a single promise in the current
 * scope that resolves once every added publication is done — none when all are done already.
 * @example
 * const group = new AckGroup();
 * for (const item of items) queue.push({ ...item, done: group.add() });
 * group.seal();
 */
export class AckGroup {
  /** Publications not done yet, plus one for the open group. */
  #pending = 1;
  #resolve: (() => void) | undefined;

  readonly #done = (): void => {
    this.#pending -= 1;
    if (this.#pending === 0) this.#resolve?.();
  };

  /** Counts one more publication; call the returned function once it is done. */
  add(): () => void {
    this.#pending += 1;
    return this.#done;
  }

  /** Closes the group and registers its promise in the current ack scope (if any is pending). */
  seal(): void {
    if (this.#pending > 1 && current !== undefined) {
      current.push(
        new Promise<void>((resolve) => {
          this.#resolve = resolve;
        }),
      );
    }
    this.#done();
  }
}
