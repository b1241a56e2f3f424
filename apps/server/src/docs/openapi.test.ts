// The OpenAPI document covers exactly the routes the controllers serve, with the request body
// schemas the controllers check with.

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { describe, expect, it } from 'vitest';
import { serverModule, type ServerContext } from '../server-module.js';
import { API_ROUTES } from './api-routes.js';
import { openApiDocument } from './openapi.js';

type Controller = abstract new (...args: never[]) => unknown;

function join(base: string, path: string): string {
  const parts = [base, path].filter((p) => p !== '' && p !== '/');
  return `/${parts.join('/')}`.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** `get /siddhi-apps/{name}` for every handler of every controller. */
function servedRoutes(): string[] {
  const controllers = (serverModule({} as ServerContext).controllers ?? []) as Controller[];
  const routes: string[] = [];
  for (const controller of controllers) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[key];
      if (key === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      routes.push(`${RequestMethod[method].toLowerCase()} ${join(base, path)}`);
    }
  }
  return routes.sort();
}

describe('OpenAPI document', () => {
  it('documents exactly the routes the controllers serve', () => {
    const documented = API_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(servedRoutes());
  });

  it('is an OpenAPI 3.1 document with the body schemas and shared error body', () => {
    const doc = openApiDocument() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
            responses: Record<string, unknown>;
            security?: unknown[];
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const query = doc.paths['/stores/query']?.post;
    expect(query?.requestBody?.content['application/json']?.schema.required).toEqual([
      'appName',
      'query',
    ]);
    expect(Object.keys(query?.responses ?? {})).toEqual(['200', '400', '401']);
    expect(doc.paths['/siddhi-apps']?.post?.requestBody?.content).toHaveProperty('text/plain');
    expect(doc.paths['/health']?.get?.security).toEqual([]);
  });
});
