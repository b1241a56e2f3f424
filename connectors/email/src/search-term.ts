// Siddhi's email `search.term`: "subject:DAS, from:carbon, bcc:wso2" — every condition must hold;
// each is a case-sensitive substring match on the subject or on an address list. The server is
// asked for the subject first (IMAP SEARCH, case-insensitive), then this check makes the match
// exact and matches the addresses (servers differ on partial addresses).

/** The keys a search term may use. */
export type SearchKey = 'subject' | 'from' | 'to' | 'cc' | 'bcc';

const KEYS = new Set<string>(['subject', 'from', 'to', 'cc', 'bcc']);

/** One condition. */
export interface SearchCondition {
  readonly key: SearchKey;
  readonly value: string;
}

/** An address as envelopes give it. */
export interface MailAddress {
  readonly name?: string;
  readonly address?: string;
}

/** What a condition is checked against. */
export interface SearchableMail {
  readonly subject?: string;
  readonly from?: readonly MailAddress[];
  readonly to?: readonly MailAddress[];
  readonly cc?: readonly MailAddress[];
  readonly bcc?: readonly MailAddress[];
}

/**
 * Reads a search term.
 * @example
 * parseSearchTerm("subject:DAS, from:carbon") // [{ key: 'subject', value: 'DAS' }, { key: 'from', value: 'carbon' }]
 */
export function parseSearchTerm(text: string): SearchCondition[] {
  return text
    .split(',')
    .map((part) => part.trim().replace(/^'(.*)'$/s, '$1'))
    .filter((part) => part !== '')
    .map((part) => {
      const colon = part.indexOf(':');
      const key = colon < 0 ? '' : part.slice(0, colon).trim().toLowerCase();
      if (!KEYS.has(key)) {
        throw new Error(
          `search.term condition '${part}' must be '<key>:<value>' with key subject, from, to, cc or bcc`,
        );
      }
      return { key: key as SearchKey, value: part.slice(colon + 1).trim() };
    });
}

function addressMatches(list: readonly MailAddress[] | undefined, value: string): boolean {
  return (list ?? []).some(
    (a) =>
      (a.address ?? '').includes(value) ||
      // A value with '@' names an address; without, the display name may match too.
      (!value.includes('@') && (a.name ?? '').includes(value)),
  );
}

/**
 * Whether a mail meets every condition.
 * @example
 * matchesSearch({ subject: 'DAS report' }, parseSearchTerm('subject:DAS')) // true
 */
export function matchesSearch(
  mail: SearchableMail,
  conditions: readonly SearchCondition[],
): boolean {
  return conditions.every((c) =>
    c.key === 'subject'
      ? (mail.subject ?? '').includes(c.value)
      : addressMatches(mail[c.key], c.value),
  );
}
