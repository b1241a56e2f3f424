import { describe, expect, it } from 'vitest';
import { findPart } from './mail-store.js';
import { mailTransport } from './email-source.js';
import { matchesSearch, parseSearchTerm } from './search-term.js';

describe('search.term', () => {
  it("reads Siddhi's format, quoted or not", () => {
    expect(parseSearchTerm("'subject:DAS', from:carbon , BCC:wso2")).toEqual([
      { key: 'subject', value: 'DAS' },
      { key: 'from', value: 'carbon' },
      { key: 'bcc', value: 'wso2' },
    ]);
    expect(() => parseSearchTerm('date:today')).toThrow(/subject, from, to, cc or bcc/);
    expect(() => parseSearchTerm('nothing')).toThrow(/'<key>:<value>'/);
  });

  it('matches case-sensitive substrings of the subject and addresses', () => {
    const mail = {
      subject: 'DAS weekly report',
      from: [{ name: 'Carbon Team', address: 'team@carbon.org' }],
      bcc: [{ address: 'abc@wso2.com' }],
    };
    expect(matchesSearch(mail, parseSearchTerm('subject:DAS, from:carbon, bcc:wso2'))).toBe(true);
    expect(matchesSearch(mail, parseSearchTerm('subject:das'))).toBe(false);
    expect(matchesSearch(mail, parseSearchTerm('from:Carbon Team'))).toBe(true);
    expect(matchesSearch(mail, parseSearchTerm('bcc:abc@'))).toBe(true);
    expect(matchesSearch(mail, parseSearchTerm('bcc:xyz@'))).toBe(false);
    expect(matchesSearch(mail, parseSearchTerm('cc:anyone'))).toBe(false);
    expect(matchesSearch(mail, [])).toBe(true);
  });
});

describe('body parts and transport properties', () => {
  it('finds the first inline part of the wanted type', () => {
    const structure = {
      type: 'multipart/mixed',
      childNodes: [
        {
          type: 'multipart/alternative',
          part: '1',
          childNodes: [
            { type: 'text/plain', part: '1.1' },
            { type: 'text/html', part: '1.2' },
          ],
        },
        { type: 'text/plain', part: '2', disposition: 'attachment' },
      ],
    };
    expect(findPart(structure, 'text/html')).toBe('1.2');
    expect(findPart(structure, 'text/plain')).toBe('1.1');
    expect(findPart({ type: 'text/plain' }, 'text/plain')).toBe('1');
    expect(findPart({ type: 'image/png' }, 'text/plain')).toBeUndefined();
  });

  it('gives headers as transport properties', () => {
    expect(
      mailTransport({
        uid: 42,
        content: 'x',
        contentType: 'text/plain',
        subject: 'Hi',
        from: [{ name: 'A', address: 'a@x.org' }],
        to: [{ address: 'b@x.org' }, { address: 'c@x.org' }],
        sentDate: new Date(0),
      }),
    ).toEqual({
      subject: 'Hi',
      from: 'a@x.org',
      to: 'b@x.org, c@x.org',
      cc: undefined,
      bcc: undefined,
      'reply.to': undefined,
      'sent.date': '1970-01-01T00:00:00.000Z',
      'received.date': undefined,
      'content.type': 'text/plain',
      'message.number': '42',
    });
  });
});
