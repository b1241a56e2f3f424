// Small helpers of live-server tests: names no other run uses, rows in the json mapper's
// default format, and polling waits for what arrives over a network.

let counter = 0;

/**
 * A name no other test run uses (subjects, topics, queues): prefix, pid, time and a counter
 * joined by `separator` (what the technology allows in names).
 * @example
 * uniqueName('orders', '_'); // 'orders_4242_m0x1y2_1'
 */
export function uniqueName(prefix: string, separator: string): string {
  counter += 1;
  return [prefix, String(process.pid), Date.now().toString(36), String(counter)].join(separator);
}

/**
 * Rows as the json mapper's default format: `{"event":{...}}`, one message per row.
 * @example
 * jsonMessages(['a'], [[1]]); // ['{"event":{"a":1}}']
 */
export function jsonMessages(
  names: readonly string[],
  rows: readonly (readonly unknown[])[],
): string[] {
  return rows.map((row) =>
    JSON.stringify({ event: Object.fromEntries(names.map((n, i) => [n, row[i]])) }),
  );
}

interface Wrapped {
  readonly event: Record<string, unknown>;
}

/**
 * The rows of a `{"event":{...}}` message or of an array of them (grouped events).
 * @example
 * rowsOf(['a'], '[{"event":{"a":1}},{"event":{"a":2}}]'); // [[1], [2]]
 */
export function rowsOf(names: readonly string[], text: string): unknown[][] {
  const parsed = JSON.parse(text) as Wrapped | Wrapped[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((e) => names.map((n) => e.event[n]));
}

/**
 * Resolves once `ready()` holds (polling); rejects after `timeoutMs` saying `what()`.
 * @example
 * await until(() => rows.length === 3, () => `rows: ${JSON.stringify(rows)}`);
 */
export async function until(
  ready: () => boolean,
  what: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Resolves once the async `check` holds (polling); rejects after `timeoutMs` saying `what()`.
 * @example
 * await eventually(async () => (await readyCount(c, q)) === 0, () => 'queue drained');
 */
export async function eventually(
  check: () => Promise<boolean>,
  what: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
