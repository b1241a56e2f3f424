// Siddhi 5.1's core stream function `#pol2Cart(theta, rho[, z])` and stream processor
// `#log([priority,] [message,] [is.event.logged])`, on the stream processor SPI like plugins.

import type {
  StreamProcessorContext,
  StreamProcessorImplementation,
  StreamProcessorInstance,
} from '../extension-api/stream-processor.js';
import type { EventChunk } from '../runtime/event/event.js';
import { LogProcessor, logLevelOf } from '../runtime/processor/log-processor.js';
import { Pol2CartProcessor } from '../runtime/processor/pol2cart-processor.js';
import type { LinkedProcessor, Processor } from '../runtime/processor/processor.js';
import type { WindowArgument } from '../runtime/window/window.js';

/** A stateless processor as a stream processor instance (nothing to start or snapshot). */
class Stateless implements StreamProcessorInstance {
  constructor(private readonly inner: LinkedProcessor) {}

  get next(): Processor {
    return this.inner.next;
  }

  set next(next: Processor) {
    this.inner.next = next;
  }

  process(chunk: EventChunk): void {
    this.inner.process(chunk);
  }

  start(): void {
    // stateless: no timers
  }

  stop(): void {
    // stateless: no timers
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {
    // stateless: nothing to restore
  }
}

/**
 * `#pol2Cart(theta, rho[, z])`: appends x, y (and z).
 * @example
 * pol2CartStreamFunction.create([theta, rho], ctx).process([event]); // data + [x, y]
 */
export const pol2CartStreamFunction: StreamProcessorImplementation = {
  create(args: readonly WindowArgument[]): StreamProcessorInstance {
    const [theta, rho, z] = args;
    if (theta === undefined || rho === undefined) {
      throw new RangeError('pol2Cart takes theta and rho');
    }
    return new Stateless(new Pol2CartProcessor(theta.evaluate, rho.evaluate, z?.evaluate));
  },
};

const isBoolConstant = (a: WindowArgument | undefined): boolean =>
  a?.constant === true && a.type === 'bool';

/**
 * `#log(...)`: logs each event at the given priority and forwards the chunk unchanged.
 * @example
 * logStreamProcessor.create([priority, message], ctx); // logs "<message>, StreamEvent{…}"
 */
export const logStreamProcessor: StreamProcessorImplementation = {
  create(args: readonly WindowArgument[], ctx: StreamProcessorContext): StreamProcessorInstance {
    let priority: WindowArgument | undefined;
    let message: WindowArgument | undefined;
    let logged: WindowArgument | undefined;
    const [a, b, c] = args;
    if (args.length === 1) {
      if (isBoolConstant(a)) logged = a;
      else message = a;
    } else if (args.length === 2) {
      if (isBoolConstant(b)) [message, logged] = [a, b];
      else [priority, message] = [a, b];
    } else if (args.length === 3) {
      [priority, message, logged] = [a, b, c];
    }
    const level =
      priority?.constant === true && typeof priority.value === 'string'
        ? logLevelOf(priority.value)
        : 'info';
    const fallback = `${ctx.appName ?? ''}: ${ctx.owner}`;
    return new Stateless(
      new LogProcessor(ctx.logger, {
        level,
        message: message === undefined ? () => fallback : message.evaluate,
        logEvent: logged?.constant === true ? logged.value !== false : true,
      }),
    );
  },
};
