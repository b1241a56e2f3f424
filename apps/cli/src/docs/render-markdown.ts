// Renders reference pages to markdown files (GitHub-flavoured): what `tributary docs` writes
// to docs/. Output is deterministic (no dates) so `docs:check` can compare it byte for byte.

import { GENERATED_MARKER, type DocBlock, type DocPage, type RichText } from './doc-model.js';

/**
 * Spec text as markdown: `page:slug#a` links become `slug.md#a`, and a `<` outside code spans
 * is escaped so text like `<events>` is not taken for an HTML tag.
 */
function resolveLinks(text: RichText): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`')
        ? part
        : part
            .replace(
              /\]\(page:([^)#]+)(#[^)]*)?\)/g,
              (_m, slug: string, anchor?: string) => `](${slug}.md${anchor ?? ''})`,
            )
            .replace(/</g, '\\<'),
    )
    .join('');
}

function tableCell(text: RichText): string {
  return resolveLinks(text).replace(/\|/g, '\\|');
}

/** A fence longer than any backtick run in the text, so examples holding ``` stay intact. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function renderBlock(block: DocBlock): string {
  switch (block.kind) {
    case 'heading': {
      const anchor = block.id === undefined ? '' : `<a id="${block.id}"></a>\n`;
      return `${anchor}${'#'.repeat(block.level)} ${resolveLinks(block.text)}`;
    }
    case 'paragraph':
      return resolveLinks(block.text.trim());
    case 'code': {
      const f = fence(block.text);
      return `${f}${block.language}\n${block.text}\n${f}`;
    }
    case 'list':
      return block.items.map((item) => `- ${resolveLinks(item)}`).join('\n');
    case 'table': {
      const row = (cells: readonly string[]): string =>
        `| ${cells.map((c) => (c === '' ? ' ' : tableCell(c))).join(' | ')} |`;
      return [
        row(block.header),
        `|${block.header.map(() => ' --- ').join('|')}|`,
        ...block.rows.map(row),
      ].join('\n');
    }
  }
}

/**
 * Renders one page as a markdown document (starting with the generated-file marker).
 * @example
 * writeFileSync('docs/index.md', renderMarkdown(site.pages[0]));
 */
export function renderMarkdown(page: DocPage): string {
  return `${[GENERATED_MARKER, ...page.blocks.map(renderBlock)].join('\n\n')}\n`;
}
