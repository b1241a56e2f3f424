// Printing definitions: `define stream|table|window|trigger|function|aggregation …;`,
// each preceded by its annotations, one per line.

import type { AggregationDefinition, Attribute, Definition } from '../../query-api/index.js';
import { printAnnotation } from './annotation.js';
import { printFunctionCall, printVariable } from './expression.js';
import { printEventType, printId, printName, printString, printTime } from './lexical.js';
import { printSelector, printSingleInput } from './query.js';

function printAttributes(attributes: readonly Attribute[]): string {
  return `(${attributes.map((a) => `${printId(a.name)} ${a.type}`).join(', ')})`;
}

function printAggregation(d: AggregationDefinition): string[] {
  const by = d.aggregateBy === undefined ? '' : `by ${printVariable(d.aggregateBy)} `;
  const periods =
    d.periods.kind === 'range'
      ? `${d.periods.from} ... ${d.periods.to}`
      : d.periods.units.join(', ');
  return [
    `define aggregation ${printId(d.id)}`,
    `from ${printSingleInput(d.input)}`,
    ...printSelector(d.selector),
    `aggregate ${by}every ${periods};`,
  ];
}

/** A definition's lines: its annotations, then the definition ending with `;`. */
export function printDefinitionLines(d: Definition): string[] {
  const lines = d.annotations.map(printAnnotation);
  switch (d.kind) {
    case 'stream':
    case 'table':
      lines.push(`define ${d.kind} ${printId(d.id)} ${printAttributes(d.attributes)};`);
      break;
    case 'window': {
      const output =
        d.outputEventType === undefined ? '' : ` output ${printEventType(d.outputEventType)}`;
      lines.push(
        `define window ${printId(d.id)} ${printAttributes(d.attributes)} ${printFunctionCall(d.window)}${output};`,
      );
      break;
    }
    case 'trigger': {
      const at = d.at;
      const when =
        at.kind === 'every'
          ? `every ${printTime(at.interval)}`
          : printString(at.kind === 'start' ? 'start' : at.expression);
      lines.push(`define trigger ${printId(d.id)} at ${when};`);
      break;
    }
    case 'function':
      lines.push(
        `define function ${printId(d.id)}[${printName(d.language)}] return ${d.returnType} {${d.body}};`,
      );
      break;
    case 'aggregation':
      lines.push(...printAggregation(d));
      break;
  }
  return lines;
}
