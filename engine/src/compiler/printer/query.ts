// Printing queries, partitions and on-demand queries as lines: one clause per line
// (`from`, `select`, `group by`, …, output), with a join's `on`/`within`/`per` and an
// update's `set`/`on` on continuation lines indented by four spaces.

import type {
  AnonymousInputStream,
  InputStream,
  JoinInputStream,
  OnDemandQuery,
  OutputRate,
  OutputStream,
  Partition,
  PartitionType,
  Query,
  Selector,
  SetAssignment,
  SingleInputStream,
  StateElement,
  StateInputStream,
  StoreInput,
  StreamHandler,
  TimeConstant,
  WithinRange,
} from '../../query-api/index.js';
import { printAnnotation } from './annotation.js';
import { printExpression, printFunctionCall, printVariable } from './expression.js';
import { printEventType, printId, printString, printTime } from './lexical.js';

/** Continuation and partition-body indentation. */
export const INDENT = '    ';

/** `[cond]`, `#log('x')`, `#window.length(5)`. */
function printHandler(h: StreamHandler): string {
  switch (h.kind) {
    case 'filter':
      return `[${printExpression(h.condition)}]`;
    case 'streamFunction':
      return `#${printFunctionCall(h.call)}`;
    case 'window':
      return `#window.${printFunctionCall(h.call)}`;
  }
}

function printHandlers(handlers: readonly StreamHandler[]): string {
  return handlers.map(printHandler).join('');
}

function printAlias(alias: string | undefined): string {
  return alias === undefined ? '' : ` as ${printId(alias)}`;
}

/** `#S`, `!S`, `S`. */
function printSource(id: string, inner: boolean | undefined, fault: boolean | undefined): string {
  return `${inner === true ? '#' : fault === true ? '!' : ''}${printId(id)}`;
}

/** `S[price > 10]#window.length(5) as s`. */
export function printSingleInput(s: SingleInputStream): string {
  return `${printSource(s.streamId, s.inner, s.fault)}${printHandlers(s.handlers)}${printAlias(s.alias)}`;
}

function printWithinRange(w: WithinRange): string {
  const end = w.end === undefined ? '' : `, ${printExpression(w.end)}`;
  return `within ${printExpression(w.start)}${end}`;
}

const JOIN_KEYWORD: Readonly<Record<JoinInputStream['type'], string>> = {
  join: 'join',
  inner: 'inner join',
  'left outer': 'left outer join',
  'right outer': 'right outer join',
  'full outer': 'full outer join',
};

function printJoin(j: JoinInputStream): string[] {
  const left = `${printSingleInput(j.left)}${j.trigger === 'left' ? ' unidirectional' : ''}`;
  const right = `${printSingleInput(j.right)}${j.trigger === 'right' ? ' unidirectional' : ''}`;
  const lines = [`from ${left}`, `${INDENT}${JOIN_KEYWORD[j.type]} ${right}`];
  if (j.on) lines.push(`${INDENT}on ${printExpression(j.on)}`);
  if (j.within) lines.push(`${INDENT}${printWithinRange(j.within)}`);
  if (j.per) lines.push(`${INDENT}per ${printExpression(j.per)}`);
  return lines;
}

// Binding strength of pattern/sequence elements: `->`/`,` loosest, then `every`, then
// `and`/`or`, then single (counted or absent) streams. An element with its own `within`
// is bracketed wherever it is nested.
const NEXT = 1;
const EVERY = 2;
const LOGICAL = 3;
const UNIT = 4;

function stateLevel(s: StateElement): number {
  if (s.within !== undefined) return 0;
  switch (s.kind) {
    case 'nextState':
      return NEXT;
    case 'everyState':
      return EVERY;
    case 'logicalState':
      return LOGICAL;
    default:
      return UNIT;
  }
}

function withinSuffix(t: TimeConstant | undefined): string {
  return t === undefined ? '' : ` within ${printTime(t)}`;
}

function stateOperand(s: StateElement, min: number, sequence: boolean): string {
  const text = printState(s, sequence);
  return stateLevel(s) < min ? `(${text})` : text;
}

/** One pattern (`->`) or sequence (`,`) element, e.g. `every e1=S[a > 1] -> not T for 1 sec`. */
function printState(s: StateElement, sequence: boolean): string {
  let text: string;
  switch (s.kind) {
    case 'streamState':
      text = `${s.ref === undefined ? '' : `${printId(s.ref)}=`}${printSingleInput(s.input)}`;
      break;
    case 'absentState':
      text = `not ${printSingleInput(s.input)}${
        s.waitingTime === undefined ? '' : ` for ${printTime(s.waitingTime)}`
      }`;
      break;
    case 'logicalState':
      text = `${stateOperand(s.left, UNIT, sequence)} ${s.op} ${stateOperand(s.right, UNIT, sequence)}`;
      break;
    case 'countState': {
      const base = stateOperand(s.state, UNIT, sequence);
      if (s.notation !== 'range') {
        text = `${base}${s.notation}`;
      } else if (s.min === s.max) {
        text = `${base}<${String(s.min)}>`;
      } else {
        text = `${base}<${String(s.min)}:${s.max < 0 ? '' : String(s.max)}>`;
      }
      break;
    }
    case 'nextState':
      text = `${stateOperand(s.first, NEXT, sequence)}${sequence ? ',' : ' ->'} ${stateOperand(
        s.next,
        EVERY,
        sequence,
      )}`;
      break;
    case 'everyState':
      text = `every ${stateOperand(s.state, LOGICAL, sequence)}`;
      break;
  }
  return `${text}${withinSuffix(s.within)}`;
}

/**
 * A sequence reads as its first element, then a left-associated chain (Siddhi's
 * `every? sequence_source ',' sequence_source_chain`): `a, b, c` is next(a, next(b, c)) and
 * `a, b, c, d` is next(a, next(next(b, c), d)). Patterns associate to the left throughout.
 */
function printStateInput(s: StateInputStream): string {
  const root = s.state;
  const text =
    s.kind === 'sequence' && root.kind === 'nextState' && root.within === undefined
      ? `${stateOperand(root.first, EVERY, true)}, ${stateOperand(root.next, NEXT, true)}`
      : printState(root, s.kind === 'sequence');
  return `${text}${withinSuffix(s.within)}`;
}

/** `(from S select a return)#window.length(2) as x`, the nested query on one line. */
function printAnonymous(a: AnonymousInputStream): string {
  const inner = queryBodyLines(a.query)
    .map((l) => l.trim())
    .join(' ');
  return `(${inner})${printHandlers(a.handlers)}${printAlias(a.alias)}`;
}

function printInput(input: InputStream): string[] {
  switch (input.kind) {
    case 'single':
      return [`from ${printSingleInput(input)}`];
    case 'join':
      return printJoin(input);
    case 'pattern':
    case 'sequence':
      return [`from ${printStateInput(input)}`];
    case 'anonymous':
      return [`from ${printAnonymous(input)}`];
  }
}

/** True for `select *` with no other clause: it may be left out where the grammar allows. */
function isTrivialSelector(s: Selector): boolean {
  return (
    s.selectAll &&
    s.attributes.length === 0 &&
    s.groupBy.length === 0 &&
    s.having === undefined &&
    s.orderBy.length === 0 &&
    s.limit === undefined &&
    s.offset === undefined
  );
}

/** `select …` and its `group by`/`having`/`order by`/`limit`/`offset` lines. */
export function printSelector(s: Selector): string[] {
  const lines: string[] = [];
  if (s.selectAll && s.attributes.length === 0) {
    lines.push('select *');
  } else {
    const attrs = s.attributes.map((a) =>
      a.rename === undefined
        ? printExpression(a.expression)
        : `${printExpression(a.expression)} as ${printId(a.rename)}`,
    );
    lines.push(`select ${attrs.join(', ')}`);
  }
  if (s.groupBy.length > 0) lines.push(`group by ${s.groupBy.map(printVariable).join(', ')}`);
  if (s.having) lines.push(`having ${printExpression(s.having)}`);
  if (s.orderBy.length > 0) {
    const keys = s.orderBy.map(
      (o) => `${printVariable(o.variable)}${o.order === 'desc' ? ' desc' : ''}`,
    );
    lines.push(`order by ${keys.join(', ')}`);
  }
  if (s.limit) lines.push(`limit ${printExpression(s.limit)}`);
  if (s.offset) lines.push(`offset ${printExpression(s.offset)}`);
  return lines;
}

/** `output every 5 events`, `output last every 1 sec`, `output snapshot every 1 sec`. */
function printOutputRate(r: OutputRate): string {
  switch (r.kind) {
    case 'eventOutputRate':
      return `output ${r.type === 'all' ? '' : `${r.type} `}every ${String(r.events)} events`;
    case 'timeOutputRate':
      return `output ${r.type === 'all' ? '' : `${r.type} `}every ${printTime(r.interval)}`;
    case 'snapshotOutputRate':
      return `output snapshot every ${printTime(r.interval)}`;
  }
}

function printSet(set: readonly SetAssignment[]): string[] {
  if (set.length === 0) return [];
  const parts = set.map((a) => `${printVariable(a.target)} = ${printExpression(a.value)}`);
  return [`${INDENT}set ${parts.join(', ')}`];
}

function forEvents(t: OutputStream['eventType']): string {
  return t === undefined ? '' : ` for ${printEventType(t)}`;
}

function printOutput(o: OutputStream): string[] {
  switch (o.kind) {
    case 'insert': {
      const events = o.eventType === undefined ? '' : `${printEventType(o.eventType)} `;
      return [`insert ${events}into ${printSource(o.target, o.inner, o.fault)}`];
    }
    case 'delete':
      return [
        `delete ${printId(o.target)}${forEvents(o.eventType)}`,
        `${INDENT}on ${printExpression(o.on)}`,
      ];
    case 'update':
      return [
        `update ${printId(o.target)}${forEvents(o.eventType)}`,
        ...printSet(o.set),
        `${INDENT}on ${printExpression(o.on)}`,
      ];
    case 'updateOrInsert':
      return [
        `update or insert into ${printId(o.target)}${forEvents(o.eventType)}`,
        ...printSet(o.set),
        `${INDENT}on ${printExpression(o.on)}`,
      ];
    case 'return':
      return [o.eventType === undefined ? 'return' : `return ${printEventType(o.eventType)}`];
  }
}

/** The clauses of a query without its annotations or final `;`. */
function queryBodyLines(q: Query): string[] {
  const lines = [...printInput(q.input), ...printSelector(q.selector)];
  if (q.outputRate) lines.push(printOutputRate(q.outputRate));
  lines.push(...printOutput(q.output));
  return lines;
}

/** A query's lines: annotations, clauses, then `;` on the last line. */
export function printQueryLines(q: Query): string[] {
  const body = queryBodyLines(q);
  return [...q.annotations.map(printAnnotation), ...body.slice(0, -1), `${body.at(-1) ?? ''};`];
}

function printPartitionType(t: PartitionType): string {
  if (t.kind === 'valuePartition')
    return `${printExpression(t.expression)} of ${printId(t.streamId)}`;
  const ranges = t.ranges.map((r) => {
    // An `or` inside a range condition would read as the separator between ranges.
    const cond = printExpression(r.condition);
    const bracketed = r.condition.kind === 'binary' && r.condition.op === 'or' ? `(${cond})` : cond;
    return `${bracketed} as ${printString(r.label)}`;
  });
  return `${ranges.join(' or ')} of ${printId(t.streamId)}`;
}

/** `partition with (…)`, `begin`, the queries indented and separated by blank lines, `end;`. */
export function printPartitionLines(p: Partition): string[] {
  const lines = p.annotations.map(printAnnotation);
  lines.push(`partition with (${p.partitionTypes.map(printPartitionType).join(', ')})`, 'begin');
  p.queries.forEach((q, i) => {
    if (i > 0) lines.push('');
    for (const l of printQueryLines(q)) lines.push(`${INDENT}${l}`);
  });
  lines.push('end;');
  return lines;
}

function printStoreInput(s: StoreInput): string[] {
  const lines = [`from ${printId(s.storeId)}${printAlias(s.alias)}`];
  if (s.on) lines.push(`${INDENT}on ${printExpression(s.on)}`);
  if (s.within) lines.push(`${INDENT}${printWithinRange(s.within)}`);
  if (s.per) lines.push(`${INDENT}per ${printExpression(s.per)}`);
  return lines;
}

/**
 * An on-demand query in the query layout, without a final `;`:
 * `from T\n    on price > 10\nselect *`, `select 1 as a\ninsert into T`, `delete T\n    on …`.
 * A bare `select *` is left out before `delete`/`update`.
 */
export function printOnDemandQuery(q: OnDemandQuery): string {
  const lines = q.input ? printStoreInput(q.input) : [];
  const output = q.output;
  const needsSelect =
    output === undefined ||
    output.kind === 'insert' ||
    output.kind === 'updateOrInsert' ||
    !isTrivialSelector(q.selector);
  if (needsSelect) lines.push(...printSelector(q.selector));
  if (output) lines.push(...printOutput(output));
  return lines.join('\n');
}
