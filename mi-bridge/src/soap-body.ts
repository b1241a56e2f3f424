// MI's gRPC inbound endpoint answers xml and text messages with the SOAP body element it built
// (`<soapenv:Body>…</soapenv:Body>`, text inside `<text xmlns="…/payload">`); the bridge hands
// reply mappers the payload inside, as it was before MI wrapped it.

const BODY = /^\s*<(?:[A-Za-z_][\w.-]*:)?Body\b[^>]*>([\s\S]*)<\/(?:[A-Za-z_][\w.-]*:)?Body>\s*$/;
const TEXT =
  /^\s*<text\s+xmlns="http:\/\/ws\.apache\.org\/commons\/ns\/payload"\s*>([\s\S]*)<\/text>\s*$/;
const SELF_CLOSED_TEXT =
  /^\s*<text\s+xmlns="http:\/\/ws\.apache\.org\/commons\/ns\/payload"\s*\/>\s*$/;

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The payload inside MI's SOAP body wrapper; other text unchanged.
 * @example
 * unwrapSoapBody('<soapenv:Body xmlns:soapenv="…"><order>1</order></soapenv:Body>'); // '<order>1</order>'
 */
export function unwrapSoapBody(payload: string): string {
  const body = BODY.exec(payload);
  if (body === null) return payload;
  const inner = body[1] ?? '';
  if (SELF_CLOSED_TEXT.test(inner)) return '';
  const text = TEXT.exec(inner);
  return text === null ? inner.trim() : unescapeXml(text[1] ?? '');
}
