// `#window.expression('count() <= 20')`: a sliding window that keeps events while its
// expression holds. Each event is added and the expression evaluated (`first` = oldest, `last`
// = newest); while it is false the oldest events expire, just before the event. An expression
// read from an attribute that changes is recompiled and every held event re-evaluated.

import type { Logger } from '../../runtime/app/logger.js';
import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { Clock } from '../../runtime/time/time-service.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  withType,
  WindowArgumentError,
  type WindowArgument,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import {
  compileWindowCondition,
  type ConditionContext,
  type ExpressionFrame,
  type WindowCondition,
} from './window-expression.js';

/**
 * The window's expression: constant (compiled at plan time) or read from each event and
 * recompiled when its text changes.
 */
export class WindowExpressionSource {
  #condition: WindowCondition | undefined;

  constructor(
    private readonly argument: WindowArgument,
    private readonly ctx: ConditionContext & { readonly logger: Logger; readonly owner: string },
  ) {
    if (argument.constant) {
      if (typeof argument.value !== 'string') {
        throw new WindowArgumentError('expression must be a string');
      }
      try {
        this.#condition = compileWindowCondition(argument.value, ctx);
      } catch (error) {
        throw new WindowArgumentError(error instanceof Error ? error.message : String(error));
      }
    }
  }

  get condition(): WindowCondition | undefined {
    return this.#condition;
  }

  /**
   * For a dynamic expression: reads the text from `event` and recompiles when it changed.
   * Returns 'changed', 'same', or 'invalid' (logged; the event is to be dropped).
   */
  update(event: StreamEvent): 'changed' | 'same' | 'invalid' {
    if (this.argument.constant) return 'same';
    const text = this.argument.evaluate(event);
    if (typeof text !== 'string') {
      this.#log(`the window expression is ${text === null ? 'null' : typeof text}, not a string`);
      return 'invalid';
    }
    if (text === this.#condition?.text) return 'same';
    try {
      this.#condition = compileWindowCondition(text, this.ctx);
    } catch (error) {
      this.#log(error instanceof Error ? error.message : String(error));
      return 'invalid';
    }
    return 'changed';
  }

  /** A fresh copy of the current expression (aggregates cleared), e.g. before a restore. */
  recompile(): WindowCondition | undefined {
    const current = this.#condition;
    if (current !== undefined) this.#condition = compileWindowCondition(current.text, this.ctx);
    return this.#condition;
  }

  #log(message: string): void {
    this.ctx.logger.log('error', `${this.ctx.owner}: ${message}; the event is dropped`);
  }
}

/** The expression window (see `expressionWindow`). */
export class ExpressionWindow extends BaseWindow {
  #held: StreamEvent[] = [];
  readonly #frame: ExpressionFrame;

  constructor(
    private readonly source: WindowExpressionSource,
    private readonly clock: Clock,
  ) {
    super();
    const none: StreamEvent = { timestamp: 0, type: 'current', data: [] };
    this.#frame = { current: none, first: none, last: none, type: 'current' };
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    const now = this.clock.now();
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const update = this.source.update(event);
      if (update === 'invalid') continue;
      const condition = this.source.condition;
      if (condition === undefined) continue;
      if (update === 'changed') {
        const held = this.#held;
        this.#held = [];
        for (const e of held) this.#add(e, condition, now, out);
      }
      const copy = withType(event, 'current');
      this.#add(copy, condition, now, out);
      out.push(copy);
    }
    this.emit(out);
  }

  /** Adds `event`; while the expression is false, expires the oldest events into `out`. */
  #add(event: StreamEvent, condition: WindowCondition, now: number, out: StreamEvent[]): void {
    const held = this.#held;
    held.push(event);
    const frame = this.#frame;
    frame.current = event;
    frame.first = held[0] ?? event;
    frame.last = event;
    frame.type = 'current';
    if (condition.evaluate(frame)) return;
    while (held.length > 0) {
      const oldest = held.shift();
      if (oldest === undefined) break;
      // Siddhi stamps the expiring event before evaluating: `first`/`last` may read that time
      const expired = withType(oldest, 'expired', now);
      out.push(expired);
      frame.current = expired;
      frame.first = held[0] ?? expired;
      frame.last = oldest === event ? expired : event;
      frame.type = 'expired';
      if (condition.evaluate(frame)) break;
    }
  }

  contents(): readonly StreamEvent[] {
    return this.#held;
  }

  snapshot(): WindowSnapshot {
    return { held: eventsToData(this.#held) };
  }

  /** Restores the held events; aggregates in the expression restart from them. */
  restore(state: WindowSnapshot): void {
    this.#held = [];
    const condition = this.source.recompile();
    const events = eventsFromData(state.held);
    if (condition === undefined) {
      this.#held = events;
      return;
    }
    const frame = this.#frame;
    for (const e of events) {
      this.#held.push(e);
      frame.current = e;
      frame.first = this.#held[0] ?? e;
      frame.last = e;
      frame.type = 'current';
      condition.evaluate(frame);
    }
  }
}

/**
 * `expression(text)`; the text may be an attribute (re-read per event).
 * @example
 * from S#window.expression('sum(price) < 100 and eventTimestamp(last) - eventTimestamp(first) < 3000')
 * select symbol, sum(price) as total insert into Out;
 */
export const expressionWindow: WindowImplementation = {
  namespace: '',
  name: 'expression',
  create: (args, ctx) => {
    const arg = args[0];
    if (arg === undefined) throw new WindowArgumentError('an expression is required');
    return new ExpressionWindow(new WindowExpressionSource(arg, ctx), ctx.clock);
  },
};
