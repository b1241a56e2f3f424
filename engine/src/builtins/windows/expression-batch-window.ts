// `#window.expressionBatch(expr[, include.triggering.event][, stream.current.event])`: collects
// events while the expression holds; the event that makes it false flushes the batch (expired
// previous batch, then the batch as current), itself starting the next batch unless included.
// With stream.current.event events pass at once and only expire in batches. Follows Siddhi 5.1's
// ExpressionBatchWindowProcessor, aggregates in the expression included.

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
import { WindowExpressionSource } from './expression-window.js';
import type { ExpressionFrame, WindowCondition } from './window-expression.js';

/** The expressionBatch window (see `expressionBatchWindow`). */
export class ExpressionBatchWindow extends BaseWindow {
  /** Events collected for the next batch (or, streaming, events re-evaluated to output). */
  #pending: StreamEvent[] = [];
  /** The last batch, which expires with the next flush (streaming: the events emitted so far). */
  #batch: StreamEvent[] = [];
  readonly #frame: ExpressionFrame;
  #now = 0;

  constructor(
    private readonly source: WindowExpressionSource,
    private readonly include: (event: StreamEvent) => boolean,
    private readonly streaming: boolean,
    private readonly clock: Clock,
  ) {
    super();
    const none: StreamEvent = { timestamp: 0, type: 'current', data: [] };
    this.#frame = { current: none, first: none, last: none, type: 'current' };
  }

  process(chunk: EventChunk): void {
    const chunks: StreamEvent[][] = [];
    this.#now = this.clock.now();
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const update = this.source.update(event);
      if (update === 'invalid') continue;
      const condition = this.source.condition;
      if (condition === undefined) continue;
      if (update === 'changed') this.#reevaluate(condition, chunks);
      const copy = withType(event, 'current');
      if (this.streaming) this.#addStreaming(copy, condition, chunks, true);
      else this.#add(copy, condition, chunks);
    }
    for (const out of chunks) this.emit(out);
  }

  #reevaluate(condition: WindowCondition, chunks: StreamEvent[][]): void {
    if (this.streaming) {
      const emitted = this.#batch;
      this.#batch = [];
      for (const e of emitted) this.#addStreaming(e, condition, chunks, false);
    } else {
      const pending = this.#pending;
      this.#pending = [];
      for (const e of pending) this.#add(e, condition, chunks);
    }
  }

  /** Evaluates with `event` as current and `first`; on false clears the aggregates and re-adds it. */
  #holds(condition: WindowCondition, event: StreamEvent, first: StreamEvent): boolean {
    const frame = this.#frame;
    frame.current = event;
    frame.first = first;
    frame.last = event;
    frame.type = 'current';
    if (condition.evaluate(frame)) return true;
    frame.type = 'reset';
    condition.evaluate(frame);
    frame.type = 'current';
    condition.evaluate(frame);
    return false;
  }

  #add(event: StreamEvent, condition: WindowCondition, chunks: StreamEvent[][]): void {
    if (this.#holds(condition, event, this.#pending[0] ?? event)) {
      this.#pending.push(event);
      return;
    }
    const now = this.#now;
    const out: StreamEvent[] = [];
    for (const e of this.#batch) out.push(withType(e, 'expired', now));
    this.#batch = [];
    if (this.#pending.length > 0) {
      for (const e of this.#pending) {
        out.push(withType(e, 'current', now));
        this.#batch.push(withType(e, 'expired', now));
      }
      this.#pending = [];
      if (this.include(event)) {
        out.push(event);
        this.#batch.push(withType(event, 'expired', now));
      } else {
        this.#pending.push(event);
      }
    } else {
      out.push(withType(event, 'expired', now));
      out.push(withType(event, 'current', now));
    }
    chunks.push(out);
  }

  #addStreaming(
    event: StreamEvent,
    condition: WindowCondition,
    chunks: StreamEvent[][],
    output: boolean,
  ): void {
    const now = this.#now;
    const out: StreamEvent[] = [];
    if (output && this.#pending.length > 0) {
      for (const e of this.#pending) out.push(e);
      this.#pending = [];
    }
    if (this.#holds(condition, event, this.#batch[0] ?? event)) {
      this.#batch.push(withType(event, 'expired'));
      if (output) {
        out.push(event);
        chunks.push(out);
      }
      return;
    }
    if (this.#batch.length > 0) {
      const expiring = this.#batch.map((e) => withType(e, 'expired', now));
      this.#batch = [];
      if (this.include(event)) {
        out.push(event);
        if (output) {
          for (const e of expiring) out.push(e);
          out.push(withType(event, 'expired', now));
        } else {
          for (const e of expiring) this.#pending.push(e);
          this.#pending.push(withType(event, 'expired'));
        }
      } else {
        if (output) for (const e of expiring) out.push(e);
        else for (const e of expiring) this.#pending.push(e);
        out.push(event);
        this.#batch.push(withType(event, 'expired'));
      }
    } else if (output) {
      out.push(withType(event, 'expired', now));
      out.push(withType(event, 'current', now));
    } else {
      this.#pending.push(event);
    }
    if (output) chunks.push(out);
  }

  contents(): readonly StreamEvent[] {
    return this.streaming ? this.#batch : this.#pending;
  }

  snapshot(): WindowSnapshot {
    return { pending: eventsToData(this.#pending), batch: eventsToData(this.#batch) };
  }

  /** Restores the events; aggregates in the expression restart from the held ones. */
  restore(state: WindowSnapshot): void {
    this.#pending = eventsFromData(state.pending);
    this.#batch = eventsFromData(state.batch);
    const condition = this.source.recompile();
    if (condition === undefined) return;
    const held = this.streaming ? this.#batch : this.#pending;
    const frame = this.#frame;
    for (const e of held) {
      frame.current = e;
      frame.first = held[0] ?? e;
      frame.last = e;
      frame.type = 'current';
      condition.evaluate(frame);
    }
  }
}

function flagReader(arg: WindowArgument | undefined): (event: StreamEvent) => boolean {
  if (arg === undefined) return () => false;
  if (arg.constant) {
    if (typeof arg.value !== 'boolean') {
      throw new WindowArgumentError('include.triggering.event must be a bool');
    }
    const value = arg.value;
    return () => value;
  }
  const evaluate = arg.evaluate;
  return (event) => evaluate(event) === true;
}

/**
 * `expressionBatch(expr)`, `(expr, include.triggering.event)` or
 * `(expr, include.triggering.event, stream.current.event)`.
 * @example
 * from S#window.expressionBatch('last.symbol == first.symbol') select symbol, sum(price) as total insert into Out;
 */
export const expressionBatchWindow: WindowImplementation = {
  namespace: '',
  name: 'expressionBatch',
  create: (args, ctx) => {
    const arg = args[0];
    if (arg === undefined) throw new WindowArgumentError('an expression is required');
    const stream = args[2];
    if (stream !== undefined && (!stream.constant || typeof stream.value !== 'boolean')) {
      throw new WindowArgumentError('stream.current.event must be a constant bool');
    }
    return new ExpressionBatchWindow(
      new WindowExpressionSource(arg, ctx),
      flagReader(args[1]),
      stream?.value === true,
      ctx.clock,
    );
  },
};
