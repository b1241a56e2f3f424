// Annotation checks Siddhi performs when creating an app: @app:async (rejected),
// @app:playback, @async, @OnError, @source/@sink/@map/@store types, @PrimaryKey, @Index,
// @purge (partitions and aggregations) and @PartitionById.

import type {
  Annotation,
  AnnotationElement,
  SiddhiApp,
  TableDefinition,
  TimeUnit,
} from '../../query-api/index.js';
import { TIME_UNIT_MILLIS } from '../../query-api/index.js';
import { parseDurationName, parseTimeString } from '../time-string.js';
import { optionParamsOf, parseOptions } from '../../extension-api/parse-options.js';
import type { ExtensionKind } from '../extension-catalog.js';
import type { ValidationContext } from './context.js';

export { parseDurationName, parseTimeString };

export function findAnnotations(list: readonly Annotation[], name: string): Annotation[] {
  const lower = name.toLowerCase();
  return list.filter((a) => a.name.toLowerCase() === lower);
}

export function elementValue(a: Annotation, key: string): string | undefined {
  return findElement(a, key)?.value;
}

/** The `key = 'value'` element named `key` (case-insensitive). */
function findElement(a: Annotation, key: string): AnnotationElement | undefined {
  const lower = key.toLowerCase();
  return a.elements.find((e) => e.key?.toLowerCase() === lower);
}

function displayName(a: Annotation): string {
  return a.namespace === undefined ? a.name : `${a.namespace}:${a.name}`;
}

function checkTime(ctx: ValidationContext, a: Annotation, key: string): number | undefined {
  const element = findElement(a, key);
  if (element === undefined) return undefined;
  const ms = parseTimeString(element.value);
  if (ms === undefined)
    ctx.report('E_INVALID_TIME_STRING', element.span, [displayName(a), key, element.value]);
  return ms;
}

function checkBool(ctx: ValidationContext, a: Annotation, key: string): boolean | undefined {
  const element = findElement(a, key);
  if (element === undefined) return undefined;
  const value = element.value;
  const lower = value.trim().toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    ctx.report('E_INVALID_ANNOTATION', element.span, [
      displayName(a),
      `'${key}' must be true or false, found '${value}'`,
    ]);
    return undefined;
  }
  return lower === 'true';
}

function checkPositiveInt(ctx: ValidationContext, a: Annotation, key: string): void {
  const element = findElement(a, key);
  if (element === undefined) return;
  const value = element.value;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) <= 0) {
    ctx.report('E_INVALID_ANNOTATION', element.span, [
      displayName(a),
      `'${key}' must be a positive integer, found '${value}'`,
    ]);
  }
}

export function checkAppAnnotations(ctx: ValidationContext, app: SiddhiApp): void {
  for (const a of app.annotations) {
    const name = a.name.toLowerCase();
    if (name === 'async') {
      ctx.report('E_UNSUPPORTED_ANNOTATION', a.span, [
        displayName(a),
        'add @async(buffer.size=…, workers=…) to the stream definitions instead',
      ]);
    } else if (name === 'playback') {
      const idle = elementValue(a, 'idle.time');
      const increment = elementValue(a, 'increment');
      if ((idle === undefined) !== (increment === undefined)) {
        ctx.report('E_INVALID_ANNOTATION', a.span, [
          displayName(a),
          "'idle.time' and 'increment' must be given together",
        ]);
      }
      checkTime(ctx, a, 'idle.time');
      checkTime(ctx, a, 'increment');
    }
  }
}

const KIND_LABEL: Partial<Record<ExtensionKind, string>> = {
  source: 'source',
  sink: 'sink',
  sourceMapper: 'source mapper',
  sinkMapper: 'sink mapper',
  store: 'store',
  distributionStrategy: 'distribution strategy',
};

/** Keys of each annotation kind the engine reads itself (never options of the extension). */
const RESERVED: Partial<Record<ExtensionKind, readonly string[]>> = {
  sink: ['on.error'],
  distributionStrategy: ['strategy'],
};

/**
 * Checks the options of `annotations` (one `@sink` per `@destination`, or the annotation
 * itself) against the catalog's spec of `kind` `type`, as the runtime will parse them. The
 * same problem found in several destinations is reported once.
 */
function checkOptions(
  ctx: ValidationContext,
  kind: ExtensionKind,
  type: string,
  annotations: readonly Annotation[],
): void {
  const spec = ctx.catalog.resolve(kind, '', type);
  if (spec === undefined) return;
  const params = optionParamsOf(spec);
  const where = {
    extension: `${KIND_LABEL[kind] ?? kind} '${type}'`,
    reserved: RESERVED[kind] ?? [],
  };
  const seen = new Set<string>();
  for (const annotation of annotations) {
    const parsed = parseOptions(params, annotation, where);
    if (parsed.ok) continue;
    for (const problem of parsed.problems) {
      const key = `${problem.code}\u0000${problem.message}\u0000${String(problem.span.start.offset)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.diagnostics.push(problem);
    }
  }
}

/** A sink's options as each destination sees them: the sink's, overridden by the destination's. */
function destinationViews(sink: Annotation): readonly Annotation[] {
  const destinations = findAnnotations(sink.annotations, 'distribution').flatMap((d) =>
    findAnnotations(d.annotations, 'destination'),
  );
  if (destinations.length === 0) return [sink];
  return destinations.map((destination) => {
    const own = new Set(destination.elements.map((e) => e.key));
    return {
      ...sink,
      elements: [...sink.elements.filter((e) => !own.has(e.key)), ...destination.elements],
    };
  });
}

/** A typed annotation's `type`: required; unknown types are a warning (plugins come at run time). */
function checkTyped(
  ctx: ValidationContext,
  a: Annotation,
  kind: ExtensionKind,
  typeKey = 'type',
): string | undefined {
  const type = elementValue(a, typeKey);
  if (type === undefined) {
    ctx.report('E_INVALID_ANNOTATION', a.span, [a.name, `the '${typeKey}' option is required`]);
  } else if (
    ctx.catalog.list(kind).length > 0 &&
    ctx.catalog.resolve(kind, '', type) === undefined
  ) {
    ctx.report('W_UNKNOWN_EXTENSION', a.span, [kind, type], undefined, 'warning');
  }
  return type;
}

/** The annotations every definition kind may carry that Siddhi checks. */
function checkIoAnnotation(
  ctx: ValidationContext,
  a: Annotation,
  kind: ExtensionKind,
  mapperKind: ExtensionKind,
): void {
  const type = checkTyped(ctx, a, kind);
  if (type !== undefined) {
    checkOptions(ctx, kind, type, kind === 'sink' ? destinationViews(a) : [a]);
  }
  for (const map of findAnnotations(a.annotations, 'map')) {
    const mapType = checkTyped(ctx, map, mapperKind);
    if (mapType !== undefined) checkOptions(ctx, mapperKind, mapType, [map]);
  }
  if (kind !== 'sink') return;
  for (const distribution of findAnnotations(a.annotations, 'distribution')) {
    const strategy = checkTyped(ctx, distribution, 'distributionStrategy', 'strategy');
    if (strategy !== undefined) {
      checkOptions(ctx, 'distributionStrategy', strategy, [distribution]);
    }
  }
}

export function checkStreamAnnotations(
  ctx: ValidationContext,
  annotations: readonly Annotation[],
): void {
  for (const a of annotations) {
    const name = a.name.toLowerCase();
    if (a.namespace !== undefined) continue;
    if (name === 'async') {
      checkPositiveInt(ctx, a, 'buffer.size');
      checkPositiveInt(ctx, a, 'workers');
      checkPositiveInt(ctx, a, 'batch.size.max');
    } else if (name === 'onerror') {
      const action = elementValue(a, 'action');
      if (action !== undefined && !['log', 'stream', 'store'].includes(action.toLowerCase())) {
        ctx.report('E_INVALID_ANNOTATION', a.span, [
          a.name,
          `unknown action '${action}' (use log, stream or store)`,
        ]);
      }
    } else if (name === 'source') {
      checkIoAnnotation(ctx, a, 'source', 'sourceMapper');
    } else if (name === 'sink') {
      checkIoAnnotation(ctx, a, 'sink', 'sinkMapper');
    }
  }
}

/** True when the stream has `@OnError(action='stream')`. */
export function hasFaultStream(annotations: readonly Annotation[]): boolean {
  return findAnnotations(annotations, 'OnError').some(
    (a) => elementValue(a, 'action')?.toLowerCase() === 'stream',
  );
}

function checkKeyAttributes(
  ctx: ValidationContext,
  a: Annotation,
  table: TableDefinition,
  seen: Set<string>,
): void {
  const names = table.attributes.map((x) => x.name);
  for (const e of a.elements) {
    const key = e.value.trim();
    if (!names.includes(key)) {
      ctx.report(
        'E_INVALID_ANNOTATION',
        a.span,
        [a.name, `'${key}' is not an attribute of table '${table.id}'`],
        ctx.hint(key, names),
      );
    } else if (seen.has(key)) {
      ctx.report('E_INVALID_ANNOTATION', a.span, [
        a.name,
        `attribute '${key}' is given more than once`,
      ]);
    }
    seen.add(key);
  }
}

export function checkTableAnnotations(ctx: ValidationContext, table: TableDefinition): void {
  const stores = findAnnotations(table.annotations, 'store');
  for (const s of stores) {
    const type = elementValue(s, 'type');
    if (type === undefined) {
      ctx.report('E_INVALID_ANNOTATION', s.span, [s.name, "the 'type' option is required"]);
    } else checkOptions(ctx, 'store', type, [s]);
  }
  const inMemory = stores.length === 0;
  const primaryKeys = findAnnotations(table.annotations, 'PrimaryKey');
  primaryKeys.forEach((a, i) => {
    if (i > 0) {
      ctx.report('E_INVALID_ANNOTATION', a.span, [
        a.name,
        'a table has at most one @PrimaryKey (list every key in it)',
      ]);
      return;
    }
    if (a.elements.length === 0) {
      ctx.report('E_INVALID_ANNOTATION', a.span, [a.name, 'at least one attribute must be given']);
    }
    checkKeyAttributes(ctx, a, table, new Set());
  });
  const indexed = new Set<string>();
  for (const a of findAnnotations(table.annotations, 'Index')) {
    if (a.elements.length === 0 || (inMemory && a.elements.length > 1)) {
      ctx.report('E_INVALID_ANNOTATION', a.span, [
        a.name,
        `an in-memory table's @Index names exactly one attribute (use one @Index per attribute), found ${String(a.elements.length)}`,
      ]);
      if (a.elements.length === 0) continue;
    }
    checkKeyAttributes(ctx, a, table, indexed);
  }
  for (const a of findAnnotations(table.annotations, 'IndexBy')) {
    ctx.report('E_UNSUPPORTED_ANNOTATION', a.span, [a.name, 'use @PrimaryKey or @Index']);
  }
}

export function checkPartitionAnnotations(
  ctx: ValidationContext,
  annotations: readonly Annotation[],
): void {
  for (const a of findAnnotations(annotations, 'purge')) {
    checkBool(ctx, a, 'enable');
    checkTime(ctx, a, 'interval');
    checkTime(ctx, a, 'idle.period');
  }
}

/** Minimum retention per aggregation duration (Siddhi's purging rules). */
const MIN_RETENTION: Partial<Record<TimeUnit, number>> = {
  sec: 120 * 1000,
  min: 120 * 60_000,
  hour: 25 * 3_600_000,
  day: 32 * 86_400_000,
  month: 13 * TIME_UNIT_MILLIS.month,
  year: 0,
};

export function checkAggregationAnnotations(
  ctx: ValidationContext,
  id: string,
  annotations: readonly Annotation[],
  durations: readonly TimeUnit[],
): void {
  for (const s of findAnnotations(annotations, 'store')) {
    const type = elementValue(s, 'type');
    if (type === undefined) {
      ctx.report('E_INVALID_ANNOTATION', s.span, [s.name, "the 'type' option is required"]);
    } else checkOptions(ctx, 'store', type, [s]);
  }
  for (const a of findAnnotations(annotations, 'purge')) {
    const enabled = checkBool(ctx, a, 'enable') ?? true;
    if (!enabled) continue;
    checkTime(ctx, a, 'interval');
    for (const retention of findAnnotations(a.annotations, 'retentionPeriod')) {
      for (const e of retention.elements) {
        const unit = parseDurationName(e.key ?? '');
        if (unit === undefined) {
          ctx.report('E_INVALID_ANNOTATION', retention.span, [
            retention.name,
            `unknown duration '${e.key ?? ''}'`,
          ]);
          continue;
        }
        if (!durations.includes(unit)) {
          ctx.report('E_INVALID_ANNOTATION', retention.span, [
            retention.name,
            `aggregation '${id}' does not aggregate per ${unit}, so '${e.key ?? ''}' cannot be purged`,
          ]);
          continue;
        }
        if (e.value.trim().toLowerCase() === 'all') continue;
        const ms = parseTimeString(e.value);
        if (ms === undefined) {
          ctx.report('E_INVALID_TIME_STRING', retention.span, [
            retention.name,
            e.key ?? '',
            e.value,
          ]);
        } else if (ms < (MIN_RETENTION[unit] ?? 0)) {
          ctx.report('E_INVALID_ANNOTATION', retention.span, [
            retention.name,
            `the retention of '${e.key ?? ''}' must be at least ${String((MIN_RETENTION[unit] ?? 0) / 60_000)} minutes`,
          ]);
        }
      }
    }
  }
  for (const a of findAnnotations(annotations, 'PartitionById')) {
    const enabled = checkBool(ctx, a, 'enable') ?? true;
    if (enabled) {
      ctx.report('E_UNSUPPORTED_ANNOTATION', a.span, [
        a.name,
        "partitioning aggregations by id needs a configured shard id; use @PartitionById(enable='false')",
      ]);
    }
  }
}
