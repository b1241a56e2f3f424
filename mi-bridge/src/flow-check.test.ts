import { describe, expect, it } from 'vitest';
import { missingFlow } from './flow-check.js';
import type { MiFlows } from './mi-management.js';

const flows: MiFlows = {
  sequences: ['inSeq', 'approveOrder'],
  apis: [
    {
      name: 'OrdersAPI',
      context: '/orders',
      url: 'http://mi:8290/orders',
      resources: [
        { methods: ['POST'], url: '/approve' },
        { methods: ['GET'], url: '/{id}' },
      ],
    },
    { name: 'Legacy', context: '/legacy', url: 'http://mi:8290/legacy' },
  ],
  proxies: ['AuditProxy'],
  inboundEndpoints: [],
};

describe('missingFlow', () => {
  it('finds deployed sequences and proxies, and lists the others when missing', () => {
    expect(missingFlow(flows, { kind: 'sequence', name: 'inSeq' }, 'POST')).toBeUndefined();
    expect(missingFlow(flows, { kind: 'sequence', name: 'nope' }, 'POST')).toEqual({
      known: ['inSeq', 'approveOrder'],
    });
    expect(missingFlow(flows, { kind: 'proxy', name: 'AuditProxy' }, 'POST')).toBeUndefined();
  });

  it('matches API resources by context, template and method', () => {
    expect(missingFlow(flows, { kind: 'api', path: '/orders/approve' }, 'POST')).toBeUndefined();
    expect(missingFlow(flows, { kind: 'api', path: '/orders/42' }, 'GET')).toBeUndefined();
    expect(missingFlow(flows, { kind: 'api', path: '/orders/approve' }, 'GET')).toBeUndefined();
    expect(missingFlow(flows, { kind: 'api', path: '/orders/approve/now' }, 'POST')).toEqual({
      known: ['POST /orders/approve', 'GET /orders/{id}', '/legacy'],
    });
    // An API listed without its resources: the context is enough.
    expect(missingFlow(flows, { kind: 'api', path: '/legacy/anything' }, 'PUT')).toBeUndefined();
    expect(missingFlow(flows, { kind: 'api', path: '/shipping' }, 'POST')).toBeDefined();
  });
});
