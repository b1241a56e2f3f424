// The files of the generated reference (index.md, a page per package, catalogue.json), and
// writing or checking them in a folder. Only files marked as generated are ever replaced or
// reported as extra, so a hand-written file next to them is left alone.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocSite, type DocSource } from './build-doc-site.js';
import { buildCatalogue, renderCatalogue } from './catalogue.js';
import { GENERATED_MARKER } from './doc-model.js';
import { renderMarkdown } from './render-markdown.js';

/** The catalogue's file name in the docs folder. */
export const CATALOGUE_FILE = 'catalogue.json';

/**
 * Every file of the reference: file name → content, the index first.
 * @example
 * const files = renderDocsFiles({ engineVersion: version, plugins: loaded, registry });
 * files.get('index.md');
 */
export function renderDocsFiles(source: DocSource): Map<string, string> {
  const files = new Map<string, string>();
  for (const page of buildDocSite(source).pages) files.set(`${page.slug}.md`, renderMarkdown(page));
  const catalogue = buildCatalogue(source.engineVersion, source.plugins, source.registry);
  files.set(CATALOGUE_FILE, renderCatalogue(catalogue));
  return files;
}

/** How a folder differs from the files it should hold. */
export interface DocsDrift {
  /** Files whose content differs. */
  readonly stale: readonly string[];
  readonly missing: readonly string[];
  /** Generated files no package produces any more. */
  readonly extra: readonly string[];
}

function generatedFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .filter((name) => readFileSync(join(dir, name), 'utf8').startsWith(GENERATED_MARKER))
    .sort();
}

/**
 * Compares a folder with the files it should hold.
 * @example
 * const drift = checkDocs('docs', files);
 * if (drift.stale.length + drift.missing.length + drift.extra.length > 0) process.exitCode = 1;
 */
export function checkDocs(dir: string, files: ReadonlyMap<string, string>): DocsDrift {
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    if (!existsSync(path)) missing.push(name);
    else if (readFileSync(path, 'utf8') !== content) stale.push(name);
  }
  const extra = generatedFilesIn(dir).filter((name) => !files.has(name));
  return { stale, missing, extra };
}

/**
 * Writes the files (only those that changed) and removes generated pages no longer produced.
 * @returns the names written or removed
 */
export function writeDocs(dir: string, files: ReadonlyMap<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const { stale, missing, extra } = checkDocs(dir, files);
  for (const name of [...stale, ...missing]) writeFileSync(join(dir, name), files.get(name) ?? '');
  for (const name of extra) rmSync(join(dir, name));
  return [...stale, ...missing, ...extra].sort();
}
