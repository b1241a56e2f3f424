// #reorder:akslack(timestamp, correlation.field[, batch.size, timeout, max.k, discard.late.arrival,
// error.threshold, confidence.level]): K-slack whose K is scaled by alpha, adapted every batch.size
// events to bound the error of aggregates over `correlation.field` (Siddhi's AQ-K-slack).

import type { StreamEvent } from '@tributary/engine';
import {
  defineStreamProcessor,
  WindowArgumentError,
  type Extension,
  type StreamProcessorContext,
  type WindowArgument,
} from '@tributary/engine/extension-api';
import {
  discardParameter,
  maxKOf,
  maxKParameter,
  timeoutParameter,
  timestampParameter,
} from './kslack.js';
import {
  boolConstant,
  numberConstant,
  ReorderProcessor,
  timestampReader,
  type ReorderOptions,
} from './reorder-processor.js';
import {
  inverseNormal,
  javaRound,
  runtimeWindowCoverage,
  windowCoverageThreshold,
} from './window-coverage.js';

/** The span of timestamps the runtime coverage looks at (Siddhi's constant). */
const WINDOW_SIZE = 10_000_000_000;
/** The proportional and derivative weights of the alpha controller. */
const KP = 0.5;
const KD = 0.8;

/** What akslack adds to the K-slack options. */
export interface AlphaOptions {
  readonly correlationOf: (event: StreamEvent) => number;
  readonly batchSize: number;
  readonly errorThreshold: number;
  readonly confidenceLevel: number;
}

/** Alpha K-slack reordering (see `akslackProcessor`). */
export class AKSlackProcessor extends ReorderProcessor {
  readonly #criticalValue: number;
  #alpha = 1;
  #previousAlpha = 0;
  #previousError = 0;
  #l = 0;
  #counter = 0;
  #data: number[] = [];
  #timestamps: number[] = [];

  constructor(
    options: ReorderOptions,
    private readonly alphaOptions: AlphaOptions,
    ctx: StreamProcessorContext,
  ) {
    super(options, ctx);
    this.#criticalValue = Math.abs(inverseNormal((1 - alphaOptions.confidenceLevel) / 2));
  }

  /** The current alpha (K is the lateness times alpha). */
  get alpha(): number {
    return this.#alpha;
  }

  protected observe(event: StreamEvent, ts: number): void {
    this.#timestamps.push(ts);
    this.#data.push(this.alphaOptions.correlationOf(event));
  }

  protected accepted(ts: number): void {
    this.#counter++;
    if (this.#counter <= this.alphaOptions.batchSize) return;
    const threshold = windowCoverageThreshold(
      this.#criticalValue,
      this.#data,
      this.alphaOptions.errorThreshold,
    );
    const coverage =
      this.#l === 0 ? 1 : runtimeWindowCoverage(ts, this.#timestamps, this.#l, WINDOW_SIZE);
    this.#alpha = this.#nextAlpha(threshold, coverage);
    this.#l = Math.min(javaRound(this.#alpha * this.buffer.k), this.buffer.k);
    this.#counter = 0;
    this.#data = [];
  }

  protected nextK(lateness: number): number {
    return javaRound(lateness * this.#alpha);
  }

  /** The PD controller: alpha moves by the error between threshold and coverage. */
  #nextAlpha(threshold: number, coverage: number): number {
    const error = threshold - coverage;
    const delta = KP * error + KD * (error - this.#previousError);
    const alpha = Math.abs(this.#previousAlpha + delta);
    this.#previousError = error;
    this.#previousAlpha = alpha;
    return alpha;
  }

  snapshot(): unknown {
    return {
      buffer: this.buffer.snapshot(),
      alpha: this.#alpha,
      previousAlpha: this.#previousAlpha,
      previousError: this.#previousError,
      l: this.#l,
      counter: this.#counter,
      data: [...this.#data],
      timestamps: [...this.#timestamps],
    };
  }

  restore(state: unknown): void {
    if (typeof state !== 'object' || state === null) {
      throw new TypeError('reorder:akslack: not a snapshot of its state');
    }
    const s = state as Record<string, unknown>;
    const num = (key: string, fallback: number): number => {
      const v = s[key];
      return typeof v === 'number' ? v : fallback;
    };
    const numbers = (key: string): number[] => {
      const v = s[key];
      return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
    };
    this.#alpha = num('alpha', 1);
    this.#previousAlpha = num('previousAlpha', 0);
    this.#previousError = num('previousError', 0);
    this.#l = num('l', 0);
    this.#counter = num('counter', 0);
    this.#data = numbers('data');
    this.#timestamps = numbers('timestamps');
    this.restoreBuffer(s.buffer);
  }
}

function correlationReader(arg: WindowArgument | undefined): (event: StreamEvent) => number {
  if (arg === undefined) throw new WindowArgumentError('a correlation.field is required');
  return (event) => {
    const value = arg.evaluate(event);
    return typeof value === 'number' ? value : 0;
  };
}

/** #reorder:akslack. */
export const akslackProcessor: Extension = defineStreamProcessor({
  namespace: 'reorder',
  name: 'akslack',
  status: 'stable',
  summary: 'Reorders out-of-order events, adapting the slack to aggregates (Alpha K-slack).',
  description:
    'Like `reorder:kslack`, but K is the greatest lateness times alpha, and alpha is adapted ' +
    'every `batch.size` events so that the error of aggregations over `correlation.field` stays ' +
    'within `error.threshold` at `confidence.level`: less slack (and latency) where late events ' +
    'matter little.',
  parameters: [
    timestampParameter,
    {
      name: 'correlation.field',
      types: ['int', 'float', 'long', 'double'],
      description:
        'The attribute aggregated downstream, whose accuracy the adaptation optimises for.',
    },
    {
      name: 'batch.size',
      types: ['int', 'long'],
      constant: true,
      optional: true,
      description: 'The number of events alpha is recalculated after (15 or more). Default: 10000.',
    },
    timeoutParameter,
    maxKParameter,
    discardParameter,
    {
      name: 'error.threshold',
      types: ['double'],
      constant: true,
      optional: true,
      description: 'The error threshold of the algorithm. Default: 0.03 (3%).',
    },
    {
      name: 'confidence.level',
      types: ['double'],
      constant: true,
      optional: true,
      description: 'The confidence level of the algorithm. Default: 0.95 (95%).',
    },
  ],
  overloads: [
    ['timestamp', 'correlation.field'],
    ['timestamp', 'correlation.field', 'batch.size'],
    ['timestamp', 'correlation.field', 'batch.size', 'timeout'],
    ['timestamp', 'correlation.field', 'batch.size', 'timeout', 'max.k'],
    ['timestamp', 'correlation.field', 'batch.size', 'timeout', 'max.k', 'discard.late.arrival'],
    [
      'timestamp',
      'correlation.field',
      'batch.size',
      'timeout',
      'max.k',
      'discard.late.arrival',
      'error.threshold',
      'confidence.level',
    ],
  ],
  appends: [],
  examples: [
    {
      description:
        'Reorders by eventTime, optimising the slack for the sum of volume over batches of 20.',
      siddhi:
        'define stream StockStream (eventTime long, symbol string, volume long);\n' +
        "@info(name = 'query1')\n" +
        'from StockStream#reorder:akslack(eventTime, volume, 20)#window.time(5 min)\n' +
        'select eventTime, symbol, sum(volume) as total\ninsert into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const batchSize = numberConstant(args[2], 'batch.size', 10_000);
    if (batchSize < 1) throw new WindowArgumentError('batch.size must be at least 1');
    return new AKSlackProcessor(
      {
        timeOf: timestampReader(args[0]),
        timeout: numberConstant(args[3], 'timeout', -1),
        maxK: maxKOf(numberConstant(args[4], 'max.k', -1)),
        discardLate: boolConstant(args[5], 'discard.late.arrival', false),
      },
      {
        correlationOf: correlationReader(args[1]),
        batchSize,
        errorThreshold: numberConstant(args[6], 'error.threshold', 0.03),
        confidenceLevel: numberConstant(args[7], 'confidence.level', 0.95),
      },
      ctx,
    );
  },
});
