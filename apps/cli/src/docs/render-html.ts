// Renders reference pages to standalone HTML documents, for the server's docs pages: the same
// blocks as the markdown files, with the light markdown of spec texts converted and escaped.

import type { DocBlock, DocPage, DocSite, RichText } from './doc-model.js';

export interface HtmlOptions {
  /** The address of another page (`page:<slug>` links); `<slug>.html` by default. */
  readonly href?: (slug: string) => string;
  /** Text of the document's <title> suffix; `Tributary` by default. */
  readonly siteName?: string;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function linkTarget(url: string, href: (slug: string) => string): string | undefined {
  const page = /^page:([^#]+)(#.*)?$/.exec(url);
  if (page !== null) return `${href(page[1] ?? '')}${page[2] ?? ''}`;
  // Only plain web and in-page addresses: a spec's text never runs script in the browser.
  return /^(https?:\/\/|#|\.{0,2}\/)/.test(url) ? url : undefined;
}

/** Emphasis and links in text that holds no code span; `text` is raw (unescaped). */
function styled(text: string, href: (slug: string) => string): string {
  let out = '';
  let rest = text;
  const link = /\[([^\]]+)\]\(([^)\s]+)\)/;
  for (let m = link.exec(rest); m !== null; m = link.exec(rest)) {
    out += emphasis(escapeHtml(rest.slice(0, m.index)));
    const target = linkTarget(m[2] ?? '', href);
    const label = emphasis(escapeHtml(m[1] ?? ''));
    out += target === undefined ? label : `<a href="${escapeHtml(target)}">${label}</a>`;
    rest = rest.slice(m.index + m[0].length);
  }
  return out + emphasis(escapeHtml(rest));
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/~~([^~]+)~~/g, '<del>$1</del>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>');
}

/**
 * Light markdown inline text to HTML: `code`, **bold**, *emphasis*, ~~strike~~ and links.
 * @example
 * inlineHtml('Use `a < b` **now**') // 'Use <code>a &lt; b</code> <strong>now</strong>'
 */
export function inlineHtml(text: RichText, href: (slug: string) => string = defaultHref): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length >= 2
        ? `<code>${escapeHtml(part.slice(1, -1))}</code>`
        : styled(part, href),
    )
    .join('');
}

/** Paragraphs and `- ` lists of a longer text. */
function flowHtml(text: RichText, href: (slug: string) => string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((chunk) => {
      const lines = chunk.split('\n');
      if (lines.every((l) => /^\s*[-*] /.test(l))) {
        const items = lines.map((l) => `<li>${inlineHtml(l.replace(/^\s*[-*] /, ''), href)}</li>`);
        return `<ul>${items.join('')}</ul>`;
      }
      return `<p>${inlineHtml(lines.join(' '), href)}</p>`;
    })
    .join('\n');
}

function blockHtml(block: DocBlock, href: (slug: string) => string): string {
  switch (block.kind) {
    case 'heading': {
      const id = block.id === undefined ? '' : ` id="${escapeHtml(block.id)}"`;
      return `<h${String(block.level)}${id}>${inlineHtml(block.text, href)}</h${String(block.level)}>`;
    }
    case 'paragraph':
      return flowHtml(block.text, href);
    case 'code':
      return `<pre><code class="language-${escapeHtml(block.language)}">${escapeHtml(block.text)}</code></pre>`;
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${inlineHtml(i, href)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = block.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
      const rows = block.rows
        .map((r) => `<tr>${r.map((c) => `<td>${inlineHtml(c, href)}</td>`).join('')}</tr>`)
        .join('\n');
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
  }
}

const defaultHref = (slug: string): string => `${slug}.html`;

const STYLE = [
  'body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1f2328}',
  'code,pre{font-family:ui-monospace,monospace;font-size:13px}',
  'pre{background:#f6f8fa;padding:.75rem;overflow-x:auto;border-radius:6px}',
  ':not(pre)>code{background:#eff1f3;padding:.1em .3em;border-radius:4px}',
  'table{border-collapse:collapse;margin:.5rem 0 1rem}',
  'th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}',
  'h3{border-top:1px solid #d0d7de;padding-top:1rem}',
].join('\n');

/**
 * Renders one page as a standalone HTML document.
 * @example
 * res.type('html').send(renderHtml(page, { href: (slug) => `/docs/${slug}` }));
 */
export function renderHtml(page: DocPage, options: HtmlOptions = {}): string {
  const href = options.href ?? defaultHref;
  const title = `${page.title} · ${options.siteName ?? 'Tributary'}`;
  const body = page.blocks.map((b) => blockHtml(b, href)).join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<nav><a href="${escapeHtml(href('index'))}">Extension reference</a></nav>`,
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Renders every page of a site: slug → HTML document.
 * @example
 * const pages = renderHtmlSite(site, { href: (slug) => `/docs/${slug}` });
 * pages.get('index');
 */
export function renderHtmlSite(site: DocSite, options: HtmlOptions = {}): Map<string, string> {
  return new Map(site.pages.map((page) => [page.slug, renderHtml(page, options)]));
}
