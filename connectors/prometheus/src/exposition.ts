// Reads the Prometheus text exposition format (what `/metrics` endpoints serve): families
// with their HELP and TYPE, and samples with labels, values and optional timestamps.

/** A metric type as the format names it. */
export type MetricKind = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One sample line. */
export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, `x`). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestamp?: number;
}

/** A metric family: its name, type, help and samples. */
export interface MetricFamily {
  readonly name: string;
  readonly type: MetricKind;
  readonly help: string;
  readonly samples: Sample[];
}

/** Text that does not follow the format. */
export class ExpositionError extends Error {
  constructor(message: string, line: number) {
    super(`line ${String(line)}: ${message}`);
    this.name = 'ExpositionError';
  }
}

const KINDS = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

function parseValue(text: string, line: number): number {
  switch (text) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
  }
  const value = Number(text);
  if (text === '' || Number.isNaN(value))
    throw new ExpositionError(`'${text}' is not a value`, line);
  return value;
}

/** Reads `{a="x",b="y"}` from `text` at `at`; returns the labels and where they end. */
function parseLabels(text: string, at: number, line: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = at + 1;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i += 1;
    if (text[i] === '}') return [labels, i + 1];
    const name = LABEL.exec(text.slice(i))?.[0];
    if (name === undefined) throw new ExpositionError('a label name is expected', line);
    i += name.length;
    while (text[i] === ' ') i += 1;
    if (text[i] !== '=' || text[i + 1] !== '"') {
      throw new ExpositionError(`label '${name}' needs ="value"`, line);
    }
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new ExpositionError(`label '${name}' is not closed`, line);
      i += 1;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i];
        i += 1;
        value += next === 'n' ? '\n' : (next ?? '');
      } else value += c;
    }
    labels[name] = value;
  }
}

/** The family a sample belongs to: its own name, or that without a type's suffix. */
interface MutableFamily {
  readonly name: string;
  readonly type: MetricKind;
  help: string;
  readonly samples: Sample[];
}

function familyOf(sample: string, families: Map<string, MutableFamily>): MutableFamily | undefined {
  const own = families.get(sample);
  if (own !== undefined) return own;
  for (const suffix of ['_bucket', '_sum', '_count', '_total', '_created']) {
    if (!sample.endsWith(suffix)) continue;
    const family = families.get(sample.slice(0, -suffix.length));
    if (family !== undefined) return family;
  }
  return undefined;
}

/**
 * Parses an exposition text into its families, in order.
 * @example
 * parseExposition('# TYPE up gauge\nup{job="a"} 1\n') // [{ name: 'up', type: 'gauge', help: '', samples: [...] }]
 */
export function parseExposition(text: string): MetricFamily[] {
  const families = new Map<string, MutableFamily>();
  const help = new Map<string, string>();
  const ordered: MutableFamily[] = [];
  const family = (name: string, type: MetricKind): MutableFamily => {
    let found = families.get(name);
    if (found === undefined) {
      found = { name, type, help: help.get(name) ?? '', samples: [] };
      families.set(name, found);
      ordered.push(found);
    }
    return found;
  };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '') return;
    if (content.startsWith('#')) {
      const match = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(content);
      if (match === null) return;
      const [, keyword, name = '', rest = ''] = match;
      if (keyword === 'HELP') {
        const existing = families.get(name);
        const unescaped = unescapeHelp(rest);
        if (existing === undefined) help.set(name, unescaped);
        else existing.help = unescaped;
      } else {
        const type = rest.trim().toLowerCase();
        if (!KINDS.has(type)) throw new ExpositionError(`unknown metric type '${type}'`, line);
        family(name, type as MetricKind);
      }
      return;
    }
    const name = NAME.exec(content)?.[0];
    if (name === undefined) throw new ExpositionError('a metric name is expected', line);
    let at = name.length;
    let labels: Record<string, string> = {};
    if (content[at] === '{') [labels, at] = parseLabels(content, at, line);
    const [valueText = '', timestampText] = content.slice(at).trim().split(/\s+/);
    const sample: Sample = {
      name,
      labels,
      value: parseValue(valueText, line),
      ...(timestampText === undefined ? {} : { timestamp: Number(timestampText) }),
    };
    (familyOf(name, families) ?? family(name, 'untyped')).samples.push(sample);
  });
  return ordered;
}
