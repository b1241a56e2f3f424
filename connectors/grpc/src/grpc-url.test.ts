import { describe, expect, it } from 'vitest';
import { eventServiceMethodOf, GrpcUrlError, parseGrpcUrl } from './grpc-url.js';

describe('parseGrpcUrl', () => {
  it('reads host, port, service, method and the MI sequence', () => {
    expect(parseGrpcUrl('grpc://localhost:8888/org.wso2.grpc.EventService/process/inSeq')).toEqual({
      url: 'grpc://localhost:8888/org.wso2.grpc.EventService/process/inSeq',
      host: 'localhost',
      port: 8888,
      address: 'localhost:8888',
      service: 'org.wso2.grpc.EventService',
      method: 'process',
      sequence: 'inSeq',
      defaultService: true,
    });
  });

  it('takes the short service name of the Siddhi docs and a url without a path', () => {
    expect(parseGrpcUrl('grpc://10.0.0.1:8080/EventService/process').defaultService).toBe(true);
    const bare = parseGrpcUrl('grpc://[::1]:9000');
    expect([bare.host, bare.port, bare.defaultService, bare.method]).toEqual([
      '::1',
      9000,
      true,
      undefined,
    ]);
  });

  it.each([
    ['http://localhost:8888/org.wso2.grpc.EventService/consume', 'must begin with "grpc://"'],
    ['grpc://localhost/org.wso2.grpc.EventService/consume', 'names no port'],
    ['grpc://localhost:8888//consume', 'empty parts'],
    ['grpc://localhost:8888/org.wso2.grpc.EventService', 'expected grpc://'],
    ['grpc://localhost:8888/my.Service/send/seq', 'only the default service'],
  ])('refuses %s', (url, message) => {
    expect(() => parseGrpcUrl(url)).toThrow(GrpcUrlError);
    expect(() => parseGrpcUrl(url)).toThrow(message);
  });
});

describe('eventServiceMethodOf', () => {
  it('accepts the method the extension serves, or none', () => {
    expect(
      eventServiceMethodOf(
        parseGrpcUrl('grpc://h:1/org.wso2.grpc.EventService/consume'),
        'consume',
      ),
    ).toBe('consume');
    expect(eventServiceMethodOf(parseGrpcUrl('grpc://h:1'), 'process')).toBe('process');
  });

  it('refuses the other method and custom services, saying why', () => {
    expect(() =>
      eventServiceMethodOf(
        parseGrpcUrl('grpc://h:1/org.wso2.grpc.EventService/process'),
        'consume',
      ),
    ).toThrow("the method name should be 'consume' but given 'process'");
    expect(() =>
      eventServiceMethodOf(parseGrpcUrl('grpc://h:1/my.Service/send'), 'consume'),
    ).toThrow("'my.Service' is not the default org.wso2.grpc.EventService");
  });
});
