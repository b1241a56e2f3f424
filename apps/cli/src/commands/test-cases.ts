// The cases file of `tributary test`: the conformance case format (shared/conformance/FORMAT.md)
// — a suite `{ "cases": [...] }` or a bare array of cases — read and checked, every problem
// named by its path. A case without `app` runs the app file given on the command line.

/** Attribute values of one event. */
export type EventData = readonly unknown[];

export type Step =
  | { readonly send: string; readonly data: EventData; readonly timestamp?: number }
  | { readonly send: string; readonly events: readonly EventData[]; readonly timestamp?: number }
  | { readonly sleep: number }
  | {
      readonly query: string;
      readonly expect?: readonly EventData[];
      readonly expectError?: boolean;
      readonly expectCount?: number;
      readonly expectCells?: readonly (readonly [number, number, unknown])[];
      readonly unordered?: boolean;
    }
  | { readonly persist: true }
  | { readonly restart: true }
  | { readonly restore: 'last' };

/** What one listener must have seen. */
export interface Expectation {
  readonly inCount?: number;
  readonly removeCount?: number;
  readonly in?: readonly EventData[];
  readonly remove?: readonly EventData[];
  readonly count?: number;
  readonly events?: readonly EventData[];
  readonly none?: boolean;
  readonly arrived?: boolean;
}

export interface TestCase {
  readonly name: string;
  /** The app text; the command's app file when absent. */
  readonly app?: string;
  /** Done in order after the app has started (none when absent). */
  readonly steps?: readonly Step[];
  readonly expect?: Readonly<Record<string, Expectation>>;
  readonly expectError?: 'compile' | 'runtime';
  readonly errorStep?: number;
  readonly unordered?: boolean;
  readonly skipReason?: string;
  readonly startTime?: number;
}

/** Reading the file found problems (`cases[2].steps[0]: …`). */
export class CasesError extends Error {
  readonly code = 'E_CASES';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'CasesError';
  }
}

type Json = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRows(value: unknown): value is readonly EventData[] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row));
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function checkStep(step: unknown, path: string, problems: string[]): void {
  if (!isRecord(step)) {
    problems.push(`${path}: must be an object`);
    return;
  }
  if ('send' in step) {
    if (typeof step.send !== 'string') problems.push(`${path}.send: must name a stream`);
    if ('data' in step === 'events' in step) {
      problems.push(`${path}: a send step has either "data" or "events"`);
    }
    if ('data' in step && !Array.isArray(step.data))
      problems.push(`${path}.data: must be an array`);
    if ('events' in step && !isRows(step.events)) {
      problems.push(`${path}.events: must be an array of arrays`);
    }
    if (step.timestamp !== undefined && !Number.isSafeInteger(step.timestamp)) {
      problems.push(`${path}.timestamp: must be ms since epoch`);
    }
  } else if ('sleep' in step) {
    if (!isCount(step.sleep)) problems.push(`${path}.sleep: must be a whole number of ms`);
  } else if ('query' in step) {
    if (typeof step.query !== 'string') problems.push(`${path}.query: must be a string`);
    if (step.expect !== undefined && !isRows(step.expect)) {
      problems.push(`${path}.expect: must be an array of rows`);
    }
    if (step.expectCount !== undefined && !isCount(step.expectCount)) {
      problems.push(`${path}.expectCount: must be a whole number`);
    }
  } else if (!('persist' in step) && !('restart' in step) && step.restore !== 'last') {
    problems.push(
      `${path}: unknown step (send, sleep, query, persist, restart or restore: "last")`,
    );
  }
}

const EXPECTATION_KEYS = [
  'inCount',
  'removeCount',
  'in',
  'remove',
  'count',
  'events',
  'none',
  'arrived',
];

function checkCase(value: unknown, path: string, hasApp: boolean, problems: string[]): void {
  if (!isRecord(value)) {
    problems.push(`${path}: must be an object`);
    return;
  }
  if (typeof value.name !== 'string' || value.name === '') problems.push(`${path}.name: required`);
  if (value.app !== undefined && typeof value.app !== 'string') {
    problems.push(`${path}.app: must be the app text`);
  }
  if (value.app === undefined && !hasApp)
    problems.push(`${path}.app: required (no app file given)`);
  if (value.steps !== undefined) {
    if (Array.isArray(value.steps)) {
      value.steps.forEach((step: unknown, i) => {
        checkStep(step, `${path}.steps[${String(i)}]`, problems);
      });
    } else problems.push(`${path}.steps: must be an array`);
  }
  if (
    value.expectError !== undefined &&
    value.expectError !== 'compile' &&
    value.expectError !== 'runtime'
  ) {
    problems.push(`${path}.expectError: must be "compile" or "runtime"`);
  }
  if (value.expect !== undefined) {
    if (!isRecord(value.expect)) {
      problems.push(`${path}.expect: must be an object of query:NAME / stream:NAME keys`);
      return;
    }
    for (const [key, expectation] of Object.entries(value.expect)) {
      const where = `${path}.expect["${key}"]`;
      if (!/^(query|stream):.+$/.test(key))
        problems.push(`${where}: keys are query:NAME or stream:NAME`);
      if (!isRecord(expectation)) {
        problems.push(`${where}: must be an object`);
        continue;
      }
      for (const field of Object.keys(expectation)) {
        if (!EXPECTATION_KEYS.includes(field)) {
          problems.push(`${where}.${field}: unknown (${EXPECTATION_KEYS.join(', ')})`);
        }
      }
    }
  }
}

/**
 * The cases of a cases file's JSON; throws `CasesError` listing every problem.
 * @example
 * const cases = parseCases(JSON.parse(readFileSync('cases.json', 'utf8')), true);
 */
export function parseCases(json: unknown, hasApp: boolean): readonly TestCase[] {
  const cases = Array.isArray(json) ? json : isRecord(json) ? json.cases : undefined;
  if (!Array.isArray(cases)) {
    throw new CasesError(['the file must hold an array of cases or an object with "cases"']);
  }
  const problems: string[] = [];
  const base = Array.isArray(json) ? '' : 'cases';
  cases.forEach((c: unknown, i) => {
    checkCase(c, `${base}[${String(i)}]`, hasApp, problems);
  });
  if (problems.length > 0) throw new CasesError(problems);
  return cases as TestCase[];
}
