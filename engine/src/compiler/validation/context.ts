// The validator's working state: diagnostics collected so far, the extension catalog and
// every definition known (explicit or inferred from `insert into`), with its schema.

import { semanticMessages, type SemanticCode } from '../../errors/messages.js';
import type { FunctionDefinition, Query, Span, TimeUnit } from '../../query-api/index.js';
import type { Diagnostic, Severity } from '../diagnostic.js';
import { didYouMean } from '../did-you-mean.js';
import type { ExtensionCatalog } from '../extension-catalog.js';
import type { AttributeInfo } from './types.js';

export type ElementKind = 'stream' | 'table' | 'window' | 'trigger' | 'aggregation';

/** Something a query can read from or write to. */
export interface ElementInfo {
  readonly kind: ElementKind;
  readonly id: string;
  attributes: readonly AttributeInfo[];
  readonly span: Span;
  /** False for streams inferred from `insert into`. */
  readonly explicit: boolean;
  /** Its schema is not fully known (an error was reported upstream). */
  readonly incomplete?: boolean;
  /** Aggregations: the durations they aggregate over. */
  readonly durations?: readonly TimeUnit[];
}

/** Partition-local state: the inner streams defined so far. */
export interface PartitionEnv {
  readonly inner: Map<string, ElementInfo>;
}

type MessageArgs<C extends SemanticCode> = Parameters<(typeof semanticMessages)[C]>;

export class ValidationContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly elements = new Map<string, ElementInfo>();
  readonly functions = new Map<string, FunctionDefinition>();
  /** Output schema of each query (absent when it could not be determined). */
  readonly queryOutputs = new Map<Query, readonly AttributeInfo[]>();

  constructor(readonly catalog: ExtensionCatalog) {}

  report<C extends SemanticCode>(
    code: C,
    span: Span,
    args: MessageArgs<C>,
    hint?: string,
    severity: Severity = 'error',
  ): void {
    const format = semanticMessages[code] as (...a: MessageArgs<C>) => string;
    const message = format(...args);
    this.diagnostics.push(
      hint === undefined
        ? { severity, code, message, span }
        : { severity, code, message, span, hint },
    );
  }

  /** A "did you mean" hint for `name` among `candidates`, if one is close. */
  hint(name: string, candidates: Iterable<string>): string | undefined {
    const best = didYouMean(name, candidates);
    return best === undefined ? undefined : semanticMessages.HINT_DID_YOU_MEAN(best);
  }
}
