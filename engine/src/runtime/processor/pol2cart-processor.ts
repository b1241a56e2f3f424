// `#pol2Cart(theta, rho[, z])`: converts polar coordinates (theta in degrees) to Cartesian
// ones and appends x, y (and z) to each event.

import type { EventChunk, StreamEvent } from '../event/event.js';
import { DISCARD, type LinkedProcessor, type Processor } from './processor.js';

/** Reads one numeric argument from an event. */
export type NumberReader = (event: StreamEvent) => unknown;

const DEGREES = Math.PI / 180;

/**
 * Appends `x = rho·cos θ`, `y = rho·sin θ` (and `z` when given) to every data event.
 * @example
 * new Pol2CartProcessor((e) => e.data[0], (e) => e.data[1]); // (22.6, 13) → x 12.0017…, y 4.9958…
 */
export class Pol2CartProcessor implements LinkedProcessor {
  next: Processor = DISCARD;

  constructor(
    private readonly theta: NumberReader,
    private readonly rho: NumberReader,
    private readonly z?: NumberReader,
  ) {}

  process(chunk: EventChunk): void {
    const out = chunk.map((event) =>
      event.type === 'current' || event.type === 'expired'
        ? { timestamp: event.timestamp, type: event.type, data: this.append(event) }
        : event,
    );
    this.next.process(out);
  }

  private append(event: StreamEvent): unknown[] {
    const theta = toNumber(this.theta(event), 'theta') * DEGREES;
    const rho = toNumber(this.rho(event), 'rho');
    const data = event.data.slice();
    data.push(rho * Math.cos(theta), rho * Math.sin(theta));
    if (this.z !== undefined) data.push(toNumber(this.z(event), 'z'));
    return data;
  }
}

function toNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(
      `pol2Cart: ${name} must be a number, got ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}
