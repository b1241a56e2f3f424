// The query selector: projection, aggregation, group by, having, order by, offset, limit.

export {
  QuerySelector,
  SelectorPlan,
  type ExpressionCompiler,
  type QuerySelectorOptions,
  type SelectorSnapshot,
} from './query-selector.js';
export { compileGroupKey, GROUP_KEY_SEPARATOR } from './group-key.js';
export {
  compareValues,
  compileOrderBy,
  orderColumns,
  type OrderColumn,
  type RowComparator,
} from './order-by.js';
