// The query selector: projection, aggregation, group by, having, order by, offset, limit.

export {
  QuerySelector,
  type ExpressionCompiler,
  type QuerySelectorOptions,
  type SelectorSnapshot,
} from './query-selector.js';
export { compileGroupKey, GROUP_KEY_SEPARATOR } from './group-key.js';
export { compareValues, compileOrderBy, type RowComparator } from './order-by.js';
