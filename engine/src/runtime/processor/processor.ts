// The processing step of a query's chain: each processor takes a chunk of events, does its
// work and hands the (possibly smaller or rewritten) chunk to the next one.

import type { EventChunk } from '../event/event.js';

/**
 * One step of a processor chain. Chunks are processed synchronously; a processor never keeps
 * a reference to a chunk it did not create.
 * @example
 * const sink: Processor = { process: (chunk) => { seen.push(...chunk); } };
 */
export interface Processor {
  process(chunk: EventChunk): void;
}

/** A processor that forwards to a `next` one, set when the chain is linked. */
export interface LinkedProcessor extends Processor {
  next: Processor;
}

/** The end of an unlinked chain: drops what it gets. */
export const DISCARD: Processor = {
  process(): void {
    // nothing to do: the chain has not been linked yet
  },
};
