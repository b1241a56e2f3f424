// Public surface of tables: the table SPI, the record-table SPI for external stores, the
// in-memory table and the table query outputs.

export type {
  CompiledCondition,
  CompiledSelection,
  CompiledUpdateSet,
  MatchingOptions,
  Row,
  SelectionOptions,
  Table,
  TableAttribute,
  TableContext,
  TableFactory,
  TableSchema,
} from './table.js';
export {
  InMemoryTable,
  type InMemoryTableSnapshot,
  type TableStatistics,
} from './in-memory-table.js';
export { RecordTableAdapter, recordTableFactory, type RecordTable } from './record-table.js';
export {
  compileStructuredCondition,
  type StructuredCompilation,
  type StructuredCondition,
  type StructuredSet,
  type StructuredValue,
} from './structured-condition.js';
export {
  compileStructuredSelection,
  type AggregateFunction,
  type SelectionColumn,
  type SelectionCompilation,
  type SelectionCondition,
  type SelectionItem,
  type SelectionOrder,
  type SelectionValue,
  type StructuredSelection,
} from './structured-selection.js';
export { tableSchemaOf } from './table-schema.js';
export {
  DeleteFromTable,
  InsertIntoTable,
  UpdateOrInsertIntoTable,
  UpdateTable,
} from './table-outputs.js';
