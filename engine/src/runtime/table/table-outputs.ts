// The table actions at the end of a query: `insert into T`, `delete T on …`, `update T set … on …`
// and `update or insert into T set … on …`, each for the chosen event types (current by default).
// The query's selected events are the matching events of the compiled condition.

import type { OutputEventType } from '../../query-api/index.js';
import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Processor } from '../processor/processor.js';
import { selectEvents } from '../query/query-output.js';
import type { CompiledCondition, CompiledUpdateSet, Row, Table } from './table.js';

function rowOf(event: StreamEvent): Row {
  return event.data;
}

/**
 * `insert [events] into T`.
 * @example
 * new QueryOutput(new InsertIntoTable(table, 'current'))
 */
export class InsertIntoTable implements Processor {
  constructor(
    private readonly table: Table,
    private readonly eventType: OutputEventType,
  ) {}

  process(chunk: EventChunk): void {
    const events = selectEvents(chunk, this.eventType);
    if (events.length > 0) this.table.add(events.map(rowOf));
  }
}

/** `delete T [for events] on condition`. */
export class DeleteFromTable implements Processor {
  constructor(
    private readonly table: Table,
    private readonly eventType: OutputEventType,
    private readonly condition: CompiledCondition<StreamEvent>,
  ) {}

  process(chunk: EventChunk): void {
    const events = selectEvents(chunk, this.eventType);
    if (events.length > 0) this.table.delete(this.condition, events);
  }
}

/** `update T [for events] [set …] on condition`. */
export class UpdateTable implements Processor {
  constructor(
    private readonly table: Table,
    private readonly eventType: OutputEventType,
    private readonly condition: CompiledCondition<StreamEvent>,
    private readonly set: CompiledUpdateSet<StreamEvent>,
  ) {}

  process(chunk: EventChunk): void {
    const events = selectEvents(chunk, this.eventType);
    if (events.length > 0) this.table.update(this.condition, events, this.set);
  }
}

/** `update or insert into T [for events] [set …] on condition`: unmatched events are added. */
export class UpdateOrInsertIntoTable implements Processor {
  constructor(
    private readonly table: Table,
    private readonly eventType: OutputEventType,
    private readonly condition: CompiledCondition<StreamEvent>,
    private readonly set: CompiledUpdateSet<StreamEvent>,
  ) {}

  process(chunk: EventChunk): void {
    const events = selectEvents(chunk, this.eventType);
    if (events.length > 0) this.table.updateOrAdd(this.condition, events, this.set, rowOf);
  }
}
