// The Siddhi test suites' `@store(type='testStoreContainingInMemoryTable')`: an in-tree store
// plugin on the record-table SPI. It keeps records in memory and translates the structured
// conditions it is given into its own "query language" (here: engine expressions over a record
// and a parameter list), as an RDBMS store would translate them into SQL.

import { NO_SPAN, type ConstantType, type Expression, type Variable } from '../query-api/index.js';
import { compileExpression } from '../runtime/expression/compile-expression.js';
import type {
  Evaluator,
  ExpressionScope,
  FunctionContext,
  ValueAccessor,
} from '../runtime/expression/types.js';
import { recordTableFactory, type RecordTable } from '../runtime/table/record-table.js';
import type { StructuredCondition, StructuredSet } from '../runtime/table/structured-condition.js';
import type { Row, TableContext, TableFactory, TableSchema } from '../runtime/table/table.js';

/** What a compiled test-store expression runs on. */
interface Binding {
  record: readonly unknown[];
  params: readonly unknown[];
}

/** Names parameters in the translated expressions: `?.0`, `?.1`… */
const PARAMETER = '?';
const NO_FUNCTIONS: FunctionContext = {
  clock: { now: () => Date.now() },
  functions: { resolve: () => undefined },
};

/** The test store's compiled condition: undefined matches every record. */
interface TestCondition {
  readonly test: Evaluator<Binding> | undefined;
}
interface TestSet {
  readonly positions: readonly number[];
  readonly values: Evaluator<Binding>[];
}

/** Translates a structured node into an expression, or undefined when it has `engine` parts. */
function translate(node: StructuredCondition, types: Map<number, string>): Expression | undefined {
  switch (node.kind) {
    case 'column':
      return { kind: 'variable', span: NO_SPAN, attribute: node.name };
    case 'parameter':
      types.set(node.index, node.type);
      return { kind: 'variable', span: NO_SPAN, stream: PARAMETER, attribute: String(node.index) };
    case 'constant':
      return {
        kind: 'constant',
        span: NO_SPAN,
        type: (node.value === null ? 'null' : node.type) as ConstantType,
        value: node.value,
      };
    case 'engine':
      return undefined;
    case 'not':
    case 'isNull': {
      const operand = translate(node.operand, types);
      return operand === undefined
        ? undefined
        : { kind: node.kind === 'not' ? 'not' : 'isNull', span: NO_SPAN, operand };
    }
    case 'and':
    case 'or':
    case 'compare':
    case 'math': {
      const left = translate(node.left, types);
      const right = translate(node.right, types);
      if (left === undefined || right === undefined) return undefined;
      const op = node.kind === 'compare' || node.kind === 'math' ? node.op : node.kind;
      return { kind: 'binary', span: NO_SPAN, op, left, right };
    }
  }
}

/** An in-memory record table that evaluates the structured conditions itself. */
export class TestStoreTable implements RecordTable<TestCondition, TestSet> {
  private records: unknown[][] = [];

  constructor(
    private readonly schema: TableSchema,
    private readonly context: TableContext,
  ) {}

  private compile(node: StructuredCondition): Evaluator<Binding> | null {
    const types = new Map<number, string>();
    const expression = translate(node, types);
    if (expression === undefined) return null;
    const attributes = this.schema.attributes;
    const scope: ExpressionScope<Binding> = {
      resolve(v: Variable): ValueAccessor<Binding> {
        if (v.stream === PARAMETER) {
          const index = Number(v.attribute);
          const type = types.get(index);
          if (type === undefined) throw new Error(`no parameter ${v.attribute}`);
          return { type: type as ValueAccessor<Binding>['type'], read: (b) => b.params[index] };
        }
        const position = attributes.findIndex((a) => a.name === v.attribute);
        const attribute = attributes[position];
        if (attribute === undefined) throw new Error(`no column ${v.attribute}`);
        return { type: attribute.type, read: (b) => b.record[position] ?? null };
      },
      timestamp: () => 0,
    };
    return compileExpression(expression, scope, NO_FUNCTIONS).evaluate;
  }

  compileCondition(condition: StructuredCondition | undefined): TestCondition | null {
    if (condition === undefined) return { test: undefined };
    const test = this.compile(condition);
    return test === null ? null : { test };
  }

  compileUpdateSet(set: StructuredSet): TestSet | null {
    const positions = set.columns.map((c) => this.schema.attributes.findIndex((a) => a.name === c));
    const values: Evaluator<Binding>[] = [];
    for (const value of set.values) {
      const compiled = this.compile(value);
      if (compiled === null) return null;
      values.push(compiled);
    }
    return { positions, values };
  }

  add(records: readonly Row[]): void {
    for (const record of records) {
      const key = this.keyOf(record);
      if (key !== undefined && this.records.some((r) => this.keyOf(r) === key)) {
        this.context.logger.log(
          'error',
          `app '${this.context.appName}' table '${this.schema.id}' dropping event ${JSON.stringify(record)}, as there is already an event stored with primary key '${key}'`,
        );
        continue;
      }
      this.records.push(record.slice());
    }
  }

  find(condition: TestCondition, params: readonly unknown[]): readonly Row[] {
    return this.matching(condition, params);
  }

  contains(condition: TestCondition, params: readonly unknown[]): boolean {
    return this.matching(condition, params).length > 0;
  }

  delete(condition: TestCondition, paramsList: readonly (readonly unknown[])[]): void {
    for (const params of paramsList) {
      const gone = new Set(this.matching(condition, params));
      this.records = this.records.filter((r) => !gone.has(r));
    }
  }

  update(
    condition: TestCondition,
    paramsList: readonly (readonly unknown[])[],
    set: TestSet,
    setParamsList: readonly (readonly unknown[])[],
  ): void {
    paramsList.forEach((params, i) => {
      this.assign(this.matching(condition, params), set, setParamsList[i] ?? []);
    });
  }

  updateOrAdd(
    condition: TestCondition,
    paramsList: readonly (readonly unknown[])[],
    set: TestSet,
    setParamsList: readonly (readonly unknown[])[],
    records: readonly Row[],
  ): void {
    paramsList.forEach((params, i) => {
      const found = this.matching(condition, params);
      const record = records[i];
      if (found.length > 0) this.assign(found, set, setParamsList[i] ?? []);
      else if (record !== undefined) this.add([record]);
    });
  }

  snapshot(): unknown {
    return this.records.map((r) => r.slice());
  }

  restore(snapshot: unknown): void {
    this.records = (snapshot as unknown[][]).map((r) => r.slice());
  }

  private matching(condition: TestCondition, params: readonly unknown[]): unknown[][] {
    const test = condition.test;
    if (test === undefined) return this.records.slice();
    const binding: Binding = { record: [], params };
    return this.records.filter((record) => {
      binding.record = record;
      return test(binding) === true;
    });
  }

  /** Applies `set` to `found`; nothing changes when a new primary key would clash. */
  private assign(found: unknown[][], set: TestSet, params: readonly unknown[]): void {
    const binding: Binding = { record: [], params };
    const updates = found.map((record) => {
      const next = record.slice();
      binding.record = next;
      set.positions.forEach((position, i) => {
        const value = set.values[i];
        if (value !== undefined && position >= 0) next[position] = value(binding) ?? null;
      });
      return next;
    });
    if (this.schema.primaryKey.length > 0) {
      const others = new Set(
        this.records.filter((r) => !found.includes(r)).map((r) => this.keyOf(r)),
      );
      const keys = updates.map((r) => this.keyOf(r));
      if (keys.some((k, i) => others.has(k) || keys.indexOf(k) !== i)) {
        this.context.logger.log(
          'error',
          `app '${this.context.appName}' table '${this.schema.id}': update failed, as there is already an event stored with the same primary key`,
        );
        return;
      }
    }
    found.forEach((record, i) => {
      const next = updates[i];
      if (next !== undefined) record.splice(0, record.length, ...next);
    });
  }

  private keyOf(record: Row): string | undefined {
    const pk = this.schema.primaryKey;
    if (pk.length === 0) return undefined;
    return pk.map((p) => String(record[p])).join(', ');
  }
}

/**
 * The `testStoreContainingInMemoryTable` store, for `createEngine({ stores: [testStore] })`.
 * @example
 * const engine = createEngine({ stores: [testStore] });
 */
export const testStore: TableFactory = recordTableFactory(
  'testStoreContainingInMemoryTable',
  (schema, context) => new TestStoreTable(schema, context),
);
