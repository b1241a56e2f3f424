// Partitions: partitioned streams must exist (and be streams), keys and range conditions
// are typed against them, and inner `#streams` are local and defined before use.

import type { Partition } from '../../query-api/index.js';
import { checkPartitionAnnotations } from './annotations.js';
import type { ValidationContext } from './context.js';
import { checkCondition, typeOf } from './expressions.js';
import { lookupElement } from './inputs.js';
import { validateQuery } from './queries.js';
import { makeScope } from './scope.js';

export function validatePartition(ctx: ValidationContext, partition: Partition): void {
  checkPartitionAnnotations(ctx, partition.annotations);
  const seen = new Set<string>();
  for (const pt of partition.partitionTypes) {
    if (seen.has(pt.streamId)) {
      ctx.report('E_INVALID_PARTITION', pt.span, [
        `stream '${pt.streamId}' is partitioned more than once`,
      ]);
    }
    seen.add(pt.streamId);
    const element = lookupElement(
      ctx,
      {},
      { streamId: pt.streamId, span: pt.streamSpan ?? pt.span },
    );
    if (
      element !== undefined &&
      element.kind !== 'stream' &&
      element.kind !== 'trigger' &&
      element.kind !== 'window'
    ) {
      ctx.report('E_INVALID_PARTITION', pt.span, [
        `${element.kind} '${element.id}' cannot be partitioned; only streams and windows can`,
      ]);
    }
    const scope = makeScope(
      [
        {
          label: pt.streamId,
          names: [pt.streamId],
          attributes: element?.attributes ?? [],
          priority: 0,
          eventReference: false,
          incomplete: element === undefined || element.incomplete === true,
        },
      ],
      'a partition key',
      false,
    );
    if (pt.kind === 'valuePartition') {
      typeOf(ctx, pt.expression, scope);
    } else {
      for (const range of pt.ranges)
        checkCondition(ctx, range.condition, { ...scope, where: 'a range condition' });
    }
  }
  const env = { partition: { inner: new Map() } };
  for (const q of partition.queries) validateQuery(ctx, q, env);
}
