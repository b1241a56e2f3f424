// One way to describe a list function: its Siddhi parameters, a full example app over a stock
// stream, and a plain call on the argument values (no per-call-site state).

import type { AttributeType } from '@tributary/engine';
import {
  defineFunction,
  type ArgumentInfo,
  type Extension,
  type ParameterSpec,
} from '@tributary/engine/extension-api';

/** What a list function is described by. */
export interface ListFunctionDoc {
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly parameters: readonly ParameterSpec[];
  readonly overloads?: readonly (readonly string[])[];
  readonly check?: (args: readonly ArgumentInfo[]) => string | undefined;
  readonly returnType: AttributeType;
  readonly returnDescription: string;
  /** The example: what it shows and the expression selected from `StockStream`. */
  readonly example: { readonly description: string; readonly select: string };
  readonly call: (args: readonly unknown[]) => unknown;
}

/** The example app every list function example runs in. */
export function exampleApp(select: string, window = ''): string {
  return (
    'define stream StockStream (symbol string, price double, volume long);\n' +
    `from StockStream${window}\nselect ${select} as result\ninsert into OutputStream;`
  );
}

/**
 * Describes a `list:` function.
 * @example
 * listFunction({ name: 'size', …, call: (a) => asList('list:size', a[0]).length });
 */
export function listFunction(doc: ListFunctionDoc): Extension {
  return defineFunction({
    namespace: 'list',
    name: doc.name,
    status: 'stable',
    summary: doc.summary,
    ...(doc.description === undefined ? {} : { description: doc.description }),
    parameters: doc.parameters,
    ...(doc.overloads === undefined ? {} : { overloads: doc.overloads }),
    ...(doc.check === undefined ? {} : { check: doc.check }),
    returnType: doc.returnType,
    returnDescription: doc.returnDescription,
    examples: [{ description: doc.example.description, siddhi: exampleApp(doc.example.select) }],
    create: () => ({ type: doc.returnType, call: doc.call }),
  });
}
