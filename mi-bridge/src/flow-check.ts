// Checks an `mi` sink's flow against what MI's management API lists, so an app naming a
// sequence, API resource or proxy that is not deployed fails to deploy with a clear message.

import type { MiApi, MiApiResource, MiFlows } from './mi-management.js';
import type { MiFlow } from './mi-target.js';

function resourceMatches(resource: MiApiResource, rest: string, method: string): boolean {
  if (resource.methods.length > 0 && !resource.methods.includes(method)) return false;
  const template = resource.url;
  if (template === '/*') return true;
  if (template.endsWith('/*')) return rest.startsWith(template.slice(0, -1));
  // uri-templates such as /orders/{id}: each {…} matches one path segment.
  const pattern = template
    .replace(/\/$/, '')
    .split(/(\{[^}]*\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern === '' ? '/?' : pattern}(\\?.*)?/?$`).test(
    rest === '' ? '/' : rest,
  );
}

/**
 * The API whose context is the longest prefix of `path`.
 * @example
 * apiOf(flows.apis, '/orders/approve')?.name; // 'OrdersAPI'
 */
export function apiOf(apis: readonly MiApi[], path: string): MiApi | undefined {
  return [...apis]
    .sort((a, b) => b.context.length - a.context.length)
    .find((a) => path === a.context || path.startsWith(`${a.context}/`));
}

/**
 * Why `flow` cannot run on the MI that lists `flows` (with the names MI has instead), or
 * undefined when it is deployed.
 * @example
 * missingFlow(flows, { kind: 'sequence', name: 'inSeq' }, 'POST'); // undefined, or { known: ['main', …] }
 */
export function missingFlow(
  flows: MiFlows,
  flow: MiFlow,
  method: string,
): { readonly known: readonly string[] } | undefined {
  switch (flow.kind) {
    case 'sequence':
      return flows.sequences.includes(flow.name) ? undefined : { known: flows.sequences };
    case 'proxy':
      return flows.proxies.includes(flow.name) ? undefined : { known: flows.proxies };
    case 'api': {
      const api = apiOf(flows.apis, flow.path);
      const known = flows.apis.flatMap((a) =>
        a.resources === undefined
          ? [a.context]
          : a.resources.map(
              (r) => `${r.methods.join('|')} ${a.context}${r.url === '/' ? '' : r.url}`,
            ),
      );
      if (api === undefined) return { known };
      if (api.resources === undefined) return undefined;
      const rest = flow.path.slice(api.context.length);
      return api.resources.some((r) => resourceMatches(r, rest, method)) ? undefined : { known };
    }
  }
}
