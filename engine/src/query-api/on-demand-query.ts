// On-demand (store) queries run against tables, named windows and aggregations:
// `from T on price > 10 select …`, `select … insert into T`, `delete T on …`,
// `update T set … on …`, `update or insert into T set … on …`.

import type { Expression } from './expression.js';
import type { OutputStream, Selector, WithinRange } from './query.js';
import type { Node } from './span.js';

/** `from T [as t] [on cond] [within …] [per …]`. */
export interface StoreInput extends Node<'storeInput'> {
  readonly storeId: string;
  readonly alias?: string;
  readonly on?: Expression;
  readonly within?: WithinRange;
  readonly per?: Expression;
}

export type OnDemandQueryType = 'find' | 'insert' | 'delete' | 'update' | 'updateOrInsert';

export interface OnDemandQuery extends Node<'onDemandQuery'> {
  readonly type: OnDemandQueryType;
  /** Absent for `select … insert into T` and for `delete`/`update` without `from`. */
  readonly input?: StoreInput;
  readonly selector: Selector;
  /** Absent for `find` queries, which return rows. */
  readonly output?: Exclude<OutputStream, { readonly kind: 'return' }>;
}
