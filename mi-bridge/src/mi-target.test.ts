import { describe, expect, it } from 'vitest';
import { describeFlow, MiTargetError, resolveTarget } from './mi-target.js';

const none = { sequence: undefined, api: undefined, proxy: undefined };

describe('resolveTarget', () => {
  it('sends sequences to the gRPC inbound endpoint', () => {
    expect(resolveTarget({ ...none, url: 'grpc://mi:8888', sequence: 'inSeq' })).toEqual({
      transport: 'grpc',
      address: 'mi:8888',
      url: 'grpc://mi:8888',
      flow: { kind: 'sequence', name: 'inSeq' },
    });
  });

  it('builds API and proxy urls', () => {
    expect(resolveTarget({ ...none, url: 'http://mi:8290/', api: 'orders/approve' })).toMatchObject(
      {
        transport: 'http',
        url: 'http://mi:8290/orders/approve',
        flow: { kind: 'api', path: '/orders/approve' },
      },
    );
    expect(resolveTarget({ ...none, url: 'https://mi:8253', proxy: 'Stock Quote' }).url).toBe(
      'https://mi:8253/services/Stock%20Quote',
    );
  });

  it.each([
    [{ ...none, url: 'grpc://mi:8888' }, "name the flow to trigger: sequence='…'"],
    [
      { ...none, url: 'grpc://mi:8888', sequence: 's', api: '/a' },
      'name one flow only, not sequence and api',
    ],
    [
      { ...none, url: 'grpc://mi:8888', api: '/a' },
      "a grpc:// url reaches MI's gRPC inbound endpoint",
    ],
    [{ ...none, url: 'http://mi:8290', sequence: 's' }, "use url='grpc://<host>:8888'"],
    [
      { ...none, url: 'grpc://mi:8888/org.wso2.grpc.EventService/process', sequence: 's' },
      'should be grpc://<host>:<port> only',
    ],
    [{ ...none, url: 'ftp://mi', proxy: 'p' }, 'neither grpc://host:port nor http(s)://host:port'],
  ])('refuses %j', (options, message) => {
    expect(() => resolveTarget(options)).toThrow(MiTargetError);
    expect(() => resolveTarget(options)).toThrow(message);
  });

  it('names flows for messages', () => {
    expect(describeFlow({ kind: 'api', path: '/orders/approve' })).toBe(
      "API path '/orders/approve'",
    );
    expect(describeFlow({ kind: 'proxy', name: 'P' })).toBe("proxy service 'P'");
  });
});
