// Fault injection for io tests: a sink and a source whose connects and publishes fail on
// demand (`ConnectionUnavailableError` or any error), recording what went through, so tests
// can check reconnects, `on.error` routing and back-pressure without a real server.

import { defineSink, defineSource, type Extension } from '../extension-api/define.js';
import {
  ConnectionUnavailableError,
  type DynamicOptions,
  type SourceContext,
} from '../extension-api/io-contracts.js';
import { param } from '../extension-api/param.js';

/** One payload a faulty sink published. */
export interface PublishedPayload {
  readonly payload: unknown;
  readonly options: DynamicOptions;
}

/**
 * The switchboard of a faulty sink or source: set how many of the next connects/publishes fail
 * and read what happened.
 * @example
 * const faults = new FaultInjector();
 * faults.failPublishes(3);        // the next 3 publishes throw ConnectionUnavailableError
 * faults.published.length;        // what went through
 */
export class FaultInjector {
  #connectFailures = 0;
  #publishFailures = 0;
  #connectError: (() => Error) | undefined;
  #publishError: (() => Error) | undefined;
  #held: (() => void)[] | undefined;
  /** Publishes resolve on a later microtask instead of returning synchronously. */
  asyncPublish = false;
  readonly published: PublishedPayload[] = [];
  connects = 0;
  failedConnects = 0;
  disconnects = 0;
  failedPublishes = 0;
  /** The source's context once created (to emit payloads, report a lost connection). */
  source: SourceContext<Readonly<Record<string, unknown>>> | undefined;
  paused = false;

  /** The next `count` connects fail (`ConnectionUnavailableError` unless `error` is given). */
  failConnects(count: number, error?: () => Error): this {
    this.#connectFailures = count;
    this.#connectError = error;
    return this;
  }

  /** The next `count` publishes fail (`ConnectionUnavailableError` unless `error` is given). */
  failPublishes(count: number, error?: () => Error): this {
    this.#publishFailures = count;
    this.#publishError = error;
    return this;
  }

  /** Publishes are taken but not acknowledged until `releasePublishes`. */
  holdPublishes(): this {
    this.#held ??= [];
    return this;
  }

  /** Acknowledges the held publishes (and stops holding); returns how many there were. */
  releasePublishes(): number {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const ack of held) ack();
    return held.length;
  }

  /** The payloads published, in order. */
  get payloads(): unknown[] {
    return this.published.map((p) => p.payload);
  }

  connect(): Promise<void> {
    if (this.#connectFailures > 0) {
      this.#connectFailures -= 1;
      this.failedConnects += 1;
      return Promise.reject(
        this.#connectError?.() ?? new ConnectionUnavailableError('injected: connection refused'),
      );
    }
    this.connects += 1;
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.disconnects += 1;
    return Promise.resolve();
  }

  publish(payload: unknown, options: DynamicOptions): Promise<void> | void {
    if (this.#publishFailures > 0) {
      this.#publishFailures -= 1;
      this.failedPublishes += 1;
      const error =
        this.#publishError?.() ?? new ConnectionUnavailableError('injected: server unavailable');
      if (this.asyncPublish) return Promise.reject(error);
      throw error;
    }
    this.published.push({ payload, options });
    const held = this.#held;
    if (held !== undefined) return new Promise<void>((resolve) => held.push(resolve));
    return this.asyncPublish ? Promise.resolve() : undefined;
  }
}

/**
 * A sink named `name` (default `faulty`) driven by `faults`; its `topic` option is dynamic.
 * @example
 * const registry = builtinRegistry.with({ package: 'test', version: '0', extensions: [faultySink(faults)] });
 * // @sink(type='faulty', topic='{{symbol}}', on.error='WAIT') define stream S (symbol string);
 */
export function faultySink(faults: FaultInjector, name = 'faulty'): Extension {
  return defineSink({
    name,
    status: 'experimental',
    summary: 'A test sink whose connects and publishes fail on demand.',
    parameters: {
      topic: param.string({
        description: 'Any text; may name attributes.',
        optional: true,
        dynamic: true,
      }),
    },
    examples: [
      {
        description: 'Publishes to the fault-injecting test sink.',
        siddhi: `@sink(type='${name}', topic='{{symbol}}')\ndefine stream S (symbol string);`,
      },
    ],
    create: () => ({
      connect: () => faults.connect(),
      disconnect: () => faults.disconnect(),
      publish: (payload, options) => faults.publish(payload, options),
    }),
  });
}

/**
 * A source named `name` (default `faulty`) driven by `faults`: tests emit through
 * `faults.source.emit(...)` and fail its connects on demand.
 * @example
 * await faults.source?.emit([['IBM', 10]]);
 */
export function faultySource(faults: FaultInjector, name = 'faulty'): Extension {
  return defineSource({
    name,
    status: 'experimental',
    summary: 'A test source whose connects fail on demand.',
    parameters: {
      topic: param.string({ description: 'Any text.', optional: true }),
    },
    transportProperties: [{ name: 'topic', description: 'Whatever the test passes.' }],
    examples: [
      {
        description: 'Receives what the test emits.',
        siddhi: `@source(type='${name}')\ndefine stream S (symbol string);`,
      },
    ],
    create: (ctx) => {
      faults.source = ctx;
      return {
        connect: () => faults.connect(),
        disconnect: () => faults.disconnect(),
        pause: () => {
          faults.paused = true;
        },
        resume: () => {
          faults.paused = false;
        },
      };
    },
  });
}
