// Builds the reference from a registry: an index of packages and extensions, and one page per
// plugin package shaped like Siddhi's generated API pages (grouped by namespace, then a section
// per extension: syntax, query parameters, system parameters, return attributes, examples).

import type { Registry } from '@tributary/engine/extension-api';
import type { PluginInfo } from '../plugins/plugin-loader.js';
import { KIND_ORDER } from '../plugins/check-extensions.js';
import { describeExtension, KIND_LABELS, type ExtensionDoc } from './describe-extension.js';
import { pageLink, pageSlug, type DocBlock, type DocPage, type DocSite } from './doc-model.js';

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

/** Siddhi groups a page by namespace; io kinds and core call kinds by their kind. */
function groupOf(doc: ExtensionDoc): { key: string; title: string; rank: number } {
  const kindRank = KIND_ORDER.indexOf(doc.kind);
  if (doc.kind === 'script') return { key: 'kind:script', title: 'Script', rank: 3000 };
  if (doc.namespace === '' || kindRank < KIND_ORDER.indexOf('function')) {
    return { key: `kind:${doc.kind}`, title: KIND_LABELS[doc.kind], rank: kindRank };
  }
  const ns = doc.namespace.toLowerCase();
  return { key: `ns:${ns}`, title: ns.charAt(0).toUpperCase() + ns.slice(1), rank: 1000 };
}

function compareDocs(a: ExtensionDoc, b: ExtensionDoc): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
}

/** A cell's text: one line (tables cannot hold paragraphs). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function extensionBlocks(doc: ExtensionDoc): DocBlock[] {
  const deprecated = doc.status === 'deprecated';
  const title = `${deprecated ? `~~${doc.name}~~` : doc.name} *(${doc.kindLabel})*`;
  const blocks: DocBlock[] = [{ kind: 'heading', level: 3, text: title, id: doc.anchor }];
  if (doc.status !== 'stable') {
    blocks.push({
      kind: 'paragraph',
      text: `*${doc.status.charAt(0).toUpperCase()}${doc.status.slice(1)}*`,
    });
  }
  blocks.push({ kind: 'paragraph', text: doc.summary });
  if (doc.description !== undefined) blocks.push({ kind: 'paragraph', text: doc.description });
  blocks.push({ kind: 'paragraph', text: '**Syntax**' });
  blocks.push({ kind: 'code', language: 'siddhi', text: doc.syntax.join('\n') });
  if (doc.returns?.description !== undefined) {
    blocks.push({
      kind: 'paragraph',
      text: `**Returns** ${doc.returns.types.join(' or ')}: ${doc.returns.description}`,
    });
  }
  if (doc.parameters.length > 0) {
    blocks.push({ kind: 'paragraph', text: '**Query parameters**' });
    blocks.push({
      kind: 'table',
      header: [
        'Name',
        'Description',
        'Default value',
        'Possible data types',
        'Optional',
        'Dynamic',
      ],
      rows: doc.parameters.map((p) => [
        `\`${p.name}\``,
        cell([p.description, ...p.notes].filter((t) => t !== '').join(' ')),
        p.default === undefined ? '' : `\`${p.default}\``,
        p.types.join(' '),
        yesNo(p.optional),
        yesNo(p.dynamic),
      ]),
    });
  }
  if (doc.systemParameters.length > 0) {
    blocks.push({ kind: 'paragraph', text: '**System parameters**' });
    blocks.push({
      kind: 'table',
      header: ['Name', 'Description', 'Default value', 'Possible parameters'],
      rows: doc.systemParameters.map((s) => [
        `\`${s.name}\``,
        cell(s.description),
        `\`${s.defaultValue}\``,
        s.possibleValues.map((v) => `\`${v}\``).join(' '),
      ]),
    });
  }
  if (doc.transportProperties.length > 0) {
    blocks.push({
      kind: 'paragraph',
      text: '**Transport properties** (`trp:<name>` in `@attributes`)',
    });
    blocks.push({
      kind: 'table',
      header: ['Name', 'Description'],
      rows: doc.transportProperties.map((t) => [`\`${t.name}\``, cell(t.description)]),
    });
  }
  if (doc.appends === 'dynamic') {
    blocks.push({
      kind: 'paragraph',
      text: '**Extra return attributes** depend on the arguments (see the description).',
    });
  } else if (doc.appends !== undefined && doc.appends.length > 0) {
    blocks.push({ kind: 'paragraph', text: '**Extra return attributes**' });
    blocks.push({
      kind: 'table',
      header: ['Name', 'Possible types'],
      rows: doc.appends.map((a) => [`\`${a.name}\``, a.type]),
    });
  }
  const facts: string[] = [];
  if (doc.defaultMapper !== undefined) facts.push(`Default mapper: \`${doc.defaultMapper}\`.`);
  if (doc.contentType !== undefined) facts.push(`Content type: \`${doc.contentType}\`.`);
  if (facts.length > 0) blocks.push({ kind: 'paragraph', text: facts.join(' ') });
  doc.examples.forEach((example, i) => {
    blocks.push({ kind: 'paragraph', text: `**Example ${String(i + 1)}**` });
    blocks.push({ kind: 'code', language: 'siddhi', text: example.siddhi.trim() });
    if (example.description !== '') blocks.push({ kind: 'paragraph', text: example.description });
  });
  return blocks;
}

function packagePage(info: PluginInfo, docs: readonly ExtensionDoc[]): DocPage {
  const slug = pageSlug(info.name);
  const blocks: DocBlock[] = [{ kind: 'heading', level: 1, text: info.name }];
  if (info.summary !== '') blocks.push({ kind: 'paragraph', text: info.summary });
  blocks.push({
    kind: 'table',
    header: ['Version', 'Engine', 'Status', 'Distribution', 'Server needed', 'Extensions'],
    rows: [
      [
        info.version,
        `\`${info.engine}\``,
        info.status,
        info.distribution,
        yesNo(info.requiresServer),
        String(info.extensions),
      ],
    ],
  });
  blocks.push({
    kind: 'paragraph',
    text: `${pageLink('All packages', 'index')} · the same data as JSON: \`catalogue.json\`.`,
  });
  const groups = new Map<string, { title: string; rank: number; docs: ExtensionDoc[] }>();
  for (const doc of docs) {
    const g = groupOf(doc);
    const group = groups.get(g.key) ?? { title: g.title, rank: g.rank, docs: [] };
    group.docs.push(doc);
    groups.set(g.key, group);
  }
  const ordered = [...groups.values()].sort((a, b) =>
    a.rank !== b.rank ? a.rank - b.rank : a.title < b.title ? -1 : a.title > b.title ? 1 : 0,
  );
  for (const group of ordered) group.docs.sort(compareDocs);
  // Siddhi's "Features" list: every extension with its one-line summary.
  blocks.push({
    kind: 'list',
    items: ordered.flatMap((g) =>
      g.docs.map(
        (d) => `[${d.qualifiedName}](#${d.anchor}) *(${d.kindLabel})*: ${cell(d.summary)}`,
      ),
    ),
  });
  for (const group of ordered) {
    blocks.push({ kind: 'heading', level: 2, text: group.title });
    for (const doc of group.docs) blocks.push(...extensionBlocks(doc));
  }
  return { slug, title: info.name, blocks };
}

function indexPage(
  engineVersion: string,
  infos: readonly PluginInfo[],
  docs: readonly ExtensionDoc[],
): DocPage {
  const blocks: DocBlock[] = [
    { kind: 'heading', level: 1, text: 'Tributary extension reference' },
    {
      kind: 'paragraph',
      text:
        `Engine ${engineVersion}: ${String(infos.length)} packages, ${String(docs.length)} extensions. ` +
        'Generated from each plugin\u2019s spec by `tributary docs`; the same data is in ' +
        '`catalogue.json`. Install more with `tributary plugins install <name>`.',
    },
    { kind: 'heading', level: 2, text: 'Packages' },
    {
      kind: 'table',
      header: ['Package', 'Version', 'Status', 'Kinds', 'Server needed', 'Summary'],
      rows: infos.map((info) => [
        pageLink(info.name, pageSlug(info.name)),
        info.version,
        info.status,
        info.kinds.map((k) => KIND_LABELS[k]).join(', '),
        yesNo(info.requiresServer),
        cell(info.summary),
      ]),
    },
    { kind: 'heading', level: 2, text: 'Extensions' },
  ];
  const sorted = [...docs].sort((a, b) => {
    const byKind = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
    if (byKind !== 0) return byKind;
    const an = a.qualifiedName.toLowerCase();
    const bn = b.qualifiedName.toLowerCase();
    return an < bn ? -1 : an > bn ? 1 : compareDocs(a, b);
  });
  blocks.push({
    kind: 'table',
    header: ['Extension', 'Kind', 'Package', 'Status', 'Summary'],
    rows: sorted.map((d) => [
      pageLink(d.qualifiedName, pageSlug(d.package), d.anchor),
      d.kindLabel,
      d.package,
      d.status,
      cell(d.summary),
    ]),
  });
  return { slug: 'index', title: 'Tributary extension reference', blocks };
}

/** Everything the reference is made of: described extensions with their packages. */
export interface DocSource {
  readonly engineVersion: string;
  /** The loaded plugin packages, in the order the index lists them. */
  readonly plugins: readonly PluginInfo[];
  readonly registry: Registry;
}

/** Every registered extension described, in registry order. */
export function describeRegistry(registry: Registry): ExtensionDoc[] {
  return registry.extensions.map(describeExtension);
}

/**
 * Builds the index and the package pages.
 * @example
 * const { registry, loaded } = await loadPlugins({ bundled: bundledPlugins });
 * const site = buildDocSite({ engineVersion: version, plugins: loaded, registry });
 * site.pages.map((p) => p.slug) // ['index', 'engine', 'connector-cdc', …]
 */
export function buildDocSite(source: DocSource): DocSite {
  const docs = describeRegistry(source.registry);
  const byPackage = new Map<string, ExtensionDoc[]>();
  for (const doc of docs) {
    const list = byPackage.get(doc.package) ?? [];
    list.push(doc);
    byPackage.set(doc.package, list);
  }
  return {
    pages: [
      indexPage(source.engineVersion, source.plugins, docs),
      ...source.plugins.map((info) => packagePage(info, byPackage.get(info.name) ?? [])),
    ],
  };
}
