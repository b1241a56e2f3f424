// The SiddhiQL printer behind `tributary fmt`: model -> canonical text that re-parses to
// the same model (checked over the conformance corpus by printer-round-trip.test.ts).
// The layout is described on `printApp`; modules under printer/ print each part.

import type { SiddhiApp } from '../query-api/index.js';
import { printAnnotation } from './printer/annotation.js';
import { printDefinitionLines } from './printer/definition.js';
import { printPartitionLines, printQueryLines } from './printer/query.js';

export { printExpression } from './printer/expression.js';
export { printOnDemandQuery } from './printer/query.js';

/**
 * Canonical text of an app, ending with a newline (empty for an empty app), e.g.
 * `@app:name('A')\n\ndefine stream S (a int);\n\nfrom S\nselect *\ninsert into T;\n`.
 *
 * Layout: app annotations first, one per line; then definitions, then queries and
 * partitions, each separated by a blank line; a node's annotations sit on their own lines
 * above it. A query is one clause per line (`from`, `select`, `group by`, `having`,
 * `order by`, `limit`, `offset`, `output`, then its output action); a join's `on`/`within`/
 * `per` and an update's `set`/`on` go on continuation lines indented by four spaces, as do
 * the queries between `partition with (…)`/`begin` and `end;` (blank line between them).
 * Keywords are lower-case; strings use '…', "…" when they hold ', else """…""" with Java
 * escapes; names that are keywords or not identifiers are backticked; numbers keep their
 * type (`10`, `10L`, `1.5F`, `1.0`); time constants print as parts (`1 min 30 sec`);
 * parentheses are the fewest that keep the tree under Siddhi's precedence, plus a bracket
 * around `not` under a comparison or arithmetic. Comments are not in the model and are lost.
 */
export function printApp(app: SiddhiApp): string {
  const blocks: string[] = [];
  if (app.annotations.length > 0) blocks.push(app.annotations.map(printAnnotation).join('\n'));
  for (const d of app.definitions) blocks.push(printDefinitionLines(d).join('\n'));
  for (const e of app.elements) {
    blocks.push((e.kind === 'query' ? printQueryLines(e) : printPartitionLines(e)).join('\n'));
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}
