// The junction a partition instance's queries read an outer stream from: subscribing adds a
// receiver of this instance only, while sending (a query of the partition inserting into that
// stream) goes to the app's junction, whose partition receiver routes it by key again.

import type { Logger } from '../app/logger.js';
import type { EventChunk } from '../event/event.js';
import { StreamJunction } from '../stream/stream-junction.js';

/**
 * One instance's view of an outer stream.
 * @example
 * const input = new PartitionInputJunction(appJunction, logger);
 * input.subscribe(queryInput);     // this instance only
 * input.deliverToInstance(chunkForThisKey); // what the partition receiver calls
 * input.send(chunk);               // = appJunction.send(chunk)
 */
export class PartitionInputJunction extends StreamJunction {
  constructor(
    private readonly outer: StreamJunction,
    logger: Logger,
  ) {
    super(outer.id, outer.width, logger);
    this.faultJunction = outer.faultJunction;
  }

  /** Inserting into the stream from inside the partition: the app's junction gets it. */
  override send(chunk: EventChunk): void {
    this.outer.send(chunk);
  }

  /** Delivers `chunk` (routed to this instance) to the instance's receivers. */
  deliverToInstance(chunk: EventChunk): void {
    super.send(chunk);
  }
}
