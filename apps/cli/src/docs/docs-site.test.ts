// Tests of the reference pages and their renderings: the index and package pages built from a
// small registry, markdown and HTML output, writing and checking a docs folder.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineFunction,
  defineSink,
  param,
  type Registry,
} from '@tributary/engine/extension-api';
import type { PluginInfo } from '../plugins/plugin-loader.js';
import { buildDocSite } from './build-doc-site.js';
import { buildCatalogue } from './catalogue.js';
import { GENERATED_MARKER, pageSlug, type DocPage } from './doc-model.js';
import { checkDocs, renderDocsFiles, writeDocs } from './docs-files.js';
import { escapeHtml, inlineHtml, renderHtml, renderHtmlSite } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

const notCreated = (): never => {
  throw new Error('docs never create extensions');
};
const example = (siddhi: string) => [{ description: 'Shows | pipes.', siddhi }];

const registry: Registry = createRegistry({
  package: '@acme/tributary-demo',
  version: '2.0.0',
  extensions: [
    defineFunction({
      name: 'shout',
      namespace: 'demo',
      status: 'beta',
      summary: 'Upper-cases `text`.',
      parameters: [{ name: 'text', types: ['string'], description: 'A | B' }],
      returnType: 'string',
      examples: example(
        'define stream S (t string);\nfrom S select demo:shout(t) as u insert into O;',
      ),
      create: notCreated,
    }),
    defineSink({
      name: 'printer',
      status: 'deprecated',
      summary: 'Prints <events>.',
      parameters: {
        'page.size': param.int({ description: 'Lines.', optional: true, default: 60 }),
      },
      examples: example("@sink(type='printer') define stream O (u string);"),
      create: notCreated,
    }),
  ],
});
const plugins: PluginInfo[] = [
  {
    name: '@acme/tributary-demo',
    version: '2.0.0',
    summary: 'Demo plugin',
    distribution: 'installed',
    engine: '^0.1.0',
    requiresServer: true,
    kinds: ['sink', 'function'],
    status: 'beta',
    extensions: 2,
  },
];
const source = { engineVersion: '0.1.0', plugins, registry };

function page(slug: string): DocPage {
  const found = buildDocSite(source).pages.find((p) => p.slug === slug);
  if (found === undefined) throw new Error(`no page ${slug}`);
  return found;
}

describe('buildDocSite', () => {
  it('makes an index and a page per package', () => {
    expect(buildDocSite(source).pages.map((p) => p.slug)).toEqual(['index', 'acme-tributary-demo']);
    expect(pageSlug('@tributary/execution-str')).toBe('execution-str');
  });

  it('groups a package page like Siddhi: io kinds first, then namespaces', () => {
    const headings = page('acme-tributary-demo').blocks.flatMap((b) =>
      b.kind === 'heading' ? [`${String(b.level)} ${b.text}`] : [],
    );
    expect(headings).toEqual([
      '1 @acme/tributary-demo',
      '2 Sink',
      '3 ~~printer~~ *(Sink)*',
      '2 Demo',
      '3 shout *(Function)*',
    ]);
  });
});

describe('renderMarkdown', () => {
  it('renders the package page with the generated marker, anchors, tables and examples', () => {
    const md = renderMarkdown(page('acme-tributary-demo'));
    expect(md.startsWith(`${GENERATED_MARKER}\n\n# @acme/tributary-demo\n`)).toBe(true);
    expect(md).toContain('- [demo:shout](#function-demo-shout) *(Function)*: Upper-cases `text`.');
    expect(md).toContain('[All packages](index.md)');
    expect(md).toContain('<a id="function-demo-shout"></a>\n### shout *(Function)*\n\n*Beta*');
    expect(md).toContain('```siddhi\n<STRING> demo:shout(<STRING> text)\n```');
    expect(md).toContain('| `text` | A \\| B |   | STRING | No | Yes |');
    expect(md).toContain('| `page.size` | Lines. | `60` | INT | Yes | No |');
    expect(md).toContain('*Deprecated*');
    expect(md).toContain(
      "**Example 1**\n\n```siddhi\n@sink(type='printer') define stream O (u string);\n```\n\nShows | pipes.",
    );
    expect(md.endsWith('\n')).toBe(true);
  });

  it('lists packages and extensions on the index, linking their pages', () => {
    const md = renderMarkdown(page('index'));
    expect(md).toContain('Engine 0.1.0: 1 packages, 2 extensions.');
    expect(md).toContain(
      '| [@acme/tributary-demo](acme-tributary-demo.md) | 2.0.0 | beta | Sink, Function | Yes | Demo plugin |',
    );
    expect(md).toContain(
      '| [printer](acme-tributary-demo.md#sink-printer) | Sink | @acme/tributary-demo | deprecated | Prints \\<events>. |',
    );
  });
});

describe('renderHtml', () => {
  it('escapes text, converts light markdown and resolves page links', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(
      inlineHtml('Use `a < b` **now**, *maybe* [docs](page:engine#x) or [evil](javascript:void)'),
    ).toBe(
      'Use <code>a &lt; b</code> <strong>now</strong>, <em>maybe</em> <a href="engine.html#x">docs</a> or evil',
    );
    const html = renderHtml(page('acme-tributary-demo'), { href: (slug) => `/docs/${slug}` });
    expect(html).toContain('<title>@acme/tributary-demo · Tributary</title>');
    expect(html).toContain('<h3 id="function-demo-shout">shout <em>(Function)</em></h3>');
    expect(html).toContain('<h3 id="sink-printer"><del>printer</del> <em>(Sink)</em></h3>');
    expect(html).toContain('<a href="/docs/index">All packages</a>');
    expect(html).toContain('<p>Prints &lt;events&gt;.</p>');
    expect(html).toContain('<td><code>text</code></td><td>A | B</td>');
    expect(html).toContain(
      '<pre><code class="language-siddhi">@sink(type=&#39;printer&#39;) define stream O (u string);</code></pre>',
    );
    expect([...renderHtmlSite(buildDocSite(source)).keys()]).toEqual([
      'index',
      'acme-tributary-demo',
    ]);
  });
});

describe('docs files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes only what changed, reports drift and leaves hand-written files alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-docs-'));
    dirs.push(dir);
    const files = renderDocsFiles(source);
    expect([...files.keys()]).toEqual(['index.md', 'acme-tributary-demo.md', 'catalogue.json']);
    expect(checkDocs(dir, files)).toEqual({ stale: [], missing: [...files.keys()], extra: [] });
    expect(writeDocs(dir, files)).toEqual(['acme-tributary-demo.md', 'catalogue.json', 'index.md']);
    expect(writeDocs(dir, files)).toEqual([]);

    writeFileSync(join(dir, 'index.md'), 'edited');
    writeFileSync(join(dir, 'old-plugin.md'), `${GENERATED_MARKER}\n# old\n`);
    writeFileSync(join(dir, 'NOTES.md'), '# mine\n');
    expect(checkDocs(dir, files)).toEqual({
      stale: ['index.md'],
      missing: [],
      extra: ['old-plugin.md'],
    });
    expect(writeDocs(dir, files)).toEqual(['index.md', 'old-plugin.md']);
    expect(checkDocs(dir, files)).toEqual({ stale: [], missing: [], extra: [] });
    expect(readFileSync(join(dir, 'NOTES.md'), 'utf8')).toBe('# mine\n');
  });

  it('puts the same data in the catalogue', () => {
    const catalogue = buildCatalogue('0.1.0', plugins, registry);
    expect(catalogue.plugins).toEqual([{ ...plugins[0], docs: 'acme-tributary-demo.md' }]);
    expect(catalogue.extensions.map((e) => [e.kind, e.qualifiedName, e.status, e.syntax])).toEqual([
      ['function', 'demo:shout', 'beta', ['<STRING> demo:shout(<STRING> text)']],
      ['sink', 'printer', 'deprecated', ['@sink(type="printer", page.size="<INT>", @map(...))']],
    ]);
    expect(JSON.parse(renderDocsFiles(source).get('catalogue.json') ?? '')).toEqual(
      JSON.parse(JSON.stringify(catalogue)),
    );
  });
});
