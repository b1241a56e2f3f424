// The OpenAPI 3.1 document of the REST API, built from the route table and the body schemas
// the controllers validate with.

import { version } from '@tributary/engine';
import { API_ROUTES, type ApiRoute } from './api-routes.js';

const ERROR_BODY = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'stable error code, e.g. E_INVALID_APP' },
        message: { type: 'string' },
        hint: { type: 'string' },
        problems: {
          type: 'array',
          description: 'invalid bodies: every problem with its path',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
        diagnostics: {
          type: 'array',
          description: 'invalid apps and queries: each problem with line and column',
          items: { $ref: '#/components/schemas/Diagnostic' },
        },
      },
    },
  },
};

const DIAGNOSTIC = {
  type: 'object',
  required: ['severity', 'code', 'message', 'line', 'column'],
  properties: {
    severity: { type: 'string', enum: ['error', 'warning'] },
    code: { type: 'string' },
    message: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    endLine: { type: 'integer' },
    endColumn: { type: 'integer' },
    hint: { type: 'string' },
  },
};

function operation(route: ApiRoute): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(route.responses)) {
    const code = Number(status);
    responses[status] =
      code >= 400
        ? {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          }
        : {
            description,
            content: { [route.produces ?? 'application/json']: {} },
          };
  }
  if (route.public !== true) {
    responses['401'] = {
      description: 'missing or wrong credentials',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const body = route.body;
  return {
    tags: [route.tag],
    summary: route.summary,
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    ...(route.parameters === undefined
      ? {}
      : {
          parameters: route.parameters.map((p) => ({
            name: p.name,
            in: p.in,
            description: p.description,
            required: p.in === 'path' || p.required === true,
            schema: { type: 'string' },
          })),
        }),
    ...(body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content:
              body.kind === 'json'
                ? { 'application/json': { schema: body.schema.jsonSchema() } }
                : Object.fromEntries(
                    body.mediaTypes.map((t) => [t, { schema: { type: 'string' } }]),
                  ),
          },
        }),
    responses,
    ...(route.public === true ? { security: [] } : {}),
  };
}

/**
 * The OpenAPI document (served at `/openapi.json`).
 * @example
 * const doc = openApiDocument();
 * Object.keys(doc.paths); // ['/siddhi-apps', '/siddhi-apps/statistics', …]
 */
export function openApiDocument(): { readonly paths: Readonly<Record<string, unknown>> } & Record<
  string,
  unknown
> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tributary server',
      version,
      description:
        'Deploy, run, query and observe SiddhiQL apps. Every route but /health and /metrics ' +
        'needs HTTP Basic credentials or a bearer token from conf/tributary.yaml.',
    },
    security: [{ basic: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: ERROR_BODY, Diagnostic: DIAGNOSTIC },
    },
  };
}
