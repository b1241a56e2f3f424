// The conformance corpus as data: the case format of ../shared/conformance/FORMAT.md, typed,
// and a loader that reads suites from files and folders.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The corpus shared by every engine: ../shared/conformance relative to the repo root. */
export const DEFAULT_CORPUS = fileURLToPath(
  new URL('../../../shared/conformance', import.meta.url),
);

export type EventData = readonly unknown[];

/** One step of a case, run in order after the app has started. */
export type Step =
  | { readonly send: string; readonly data: EventData; readonly timestamp?: number }
  | { readonly send: string; readonly events: readonly EventData[] }
  | { readonly sleep: number }
  | {
      readonly query: string;
      readonly expect?: readonly EventData[];
      readonly expectError?: boolean;
      readonly unordered?: boolean;
      readonly expectCount?: number;
      readonly expectCells?: readonly (readonly [number, number, unknown])[];
    }
  | { readonly persist: true }
  | { readonly restart: true }
  | { readonly restore: string };

/** What a `query:NAME` or `stream:NAME` listener must have seen. */
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

export interface ConformanceCase {
  readonly name: string;
  readonly feature?: readonly string[];
  readonly app: string;
  readonly steps?: readonly Step[];
  readonly expect?: Readonly<Record<string, Expectation>>;
  readonly expectError?: 'compile' | 'runtime';
  readonly errorStep?: number;
  readonly unordered?: boolean;
  readonly skipReason?: string;
  readonly startTime?: number;
  readonly note?: string;
}

export interface ConformanceSuite {
  readonly suite: string;
  readonly cases: readonly ConformanceCase[];
}

/** A suite with the file it came from (relative to the folder it was found under, if any). */
export interface LoadedSuite extends ConformanceSuite {
  readonly file: string;
}

/** True for a `{ query: … }` step. */
export function isQueryStep(step: Step): step is Extract<Step, { readonly query: string }> {
  return 'query' in step;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the parts of a suite the runners rely on; throws with the file name otherwise. */
export function parseSuite(json: unknown, file: string): LoadedSuite {
  if (!isRecord(json) || typeof json.suite !== 'string' || !Array.isArray(json.cases)) {
    throw new Error(`${file}: not a conformance suite (needs "suite" and "cases")`);
  }
  json.cases.forEach((c: unknown, i) => {
    if (!isRecord(c) || typeof c.name !== 'string' || typeof c.app !== 'string') {
      throw new Error(`${file}: case #${String(i)} needs a string "name" and "app"`);
    }
  });
  return { suite: json.suite, cases: json.cases as ConformanceCase[], file };
}

function jsonFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return jsonFilesUnder(path);
      return entry.isFile() && entry.name.endsWith('.json') ? [path] : [];
    });
}

/**
 * Loads every suite named by `paths` (suite files, or folders searched recursively for `*.json`).
 * @example
 * const suites = loadSuites(['/work/shared/conformance']);
 */
export function loadSuites(paths: readonly string[]): LoadedSuite[] {
  return paths.flatMap((path) => {
    const files = statSync(path).isDirectory() ? jsonFilesUnder(path) : [path];
    return files.map((file) => {
      const shown = statSync(path).isDirectory() ? relative(path, file) : file;
      return parseSuite(JSON.parse(readFileSync(file, 'utf8')) as unknown, shown);
    });
  });
}
