import { describe, expect, it } from 'vitest';
import { unwrapSoapBody } from './soap-body.js';

const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('unwrapSoapBody', () => {
  it('takes xml out of the SOAP body MI wraps it in', () => {
    expect(
      unwrapSoapBody(
        `<soapenv:Body xmlns:soapenv="${ENV}"><order><id>1</id></order></soapenv:Body>`,
      ),
    ).toBe('<order><id>1</id></order>');
  });

  it('takes text out of the payload text element, unescaped', () => {
    expect(
      unwrapSoapBody(
        `<soapenv:Body xmlns:soapenv="${ENV}"><text xmlns="http://ws.apache.org/commons/ns/payload">a &lt; b &amp; c</text></soapenv:Body>`,
      ),
    ).toBe('a < b & c');
    expect(
      unwrapSoapBody(
        `<soapenv:Body xmlns:soapenv="${ENV}"><text xmlns="http://ws.apache.org/commons/ns/payload"/></soapenv:Body>`,
      ),
    ).toBe('');
  });

  it('leaves JSON and other xml alone', () => {
    expect(unwrapSoapBody('{"a":1}')).toBe('{"a":1}');
    expect(unwrapSoapBody('<order/>')).toBe('<order/>');
  });
});
