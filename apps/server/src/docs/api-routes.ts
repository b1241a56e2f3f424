// Every route of the REST API with what it takes and answers: the source of the OpenAPI
// document. A test checks it against the controllers, so a route cannot go undocumented.

import type { Schema } from '../validation/schema.js';
import { apiSchemas } from './api-schemas.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly description: string;
  readonly required?: boolean;
}

/** What a route answers: a JSON description, text of a media type, or nothing particular. */
export type RouteBody =
  | { readonly kind: 'json'; readonly schema: Schema<unknown> }
  | { readonly kind: 'text'; readonly mediaTypes: readonly string[] };

export interface ApiRoute {
  readonly method: HttpMethod;
  /** OpenAPI style: `/siddhi-apps/{name}`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly parameters?: readonly RouteParameter[];
  readonly body?: RouteBody;
  /** Status → description (errors add the shared error body). */
  readonly responses: Readonly<Record<number, string>>;
  /** Open without credentials. */
  readonly public?: boolean;
  /** The success answer is not JSON. */
  readonly produces?: string;
}

const name: RouteParameter = { name: 'name', in: 'path', description: 'the app name (@app:name)' };
const feed: RouteParameter = { name: 'name', in: 'path', description: 'the feed simulation name' };
const appText: RouteBody = { kind: 'text', mediaTypes: ['text/plain'] };
const entryId: RouteParameter = { name: 'id', in: 'path', description: 'an error entry id' };
const siddhiApp = (required: boolean): RouteParameter => ({
  name: 'siddhiApp',
  in: 'query',
  description: 'the app the entries belong to',
  required,
});

/** The API, grouped by tag. */
export const API_ROUTES: readonly ApiRoute[] = [
  // apps
  {
    method: 'get',
    path: '/siddhi-apps',
    tag: 'apps',
    summary: 'List deployed (and failed) apps',
    responses: { 200: 'app summaries' },
  },
  {
    method: 'post',
    path: '/siddhi-apps',
    tag: 'apps',
    summary: 'Deploy an app (its SiddhiQL text)',
    body: appText,
    responses: {
      201: 'deployed',
      400: 'invalid app: diagnostics with line and column',
      409: 'an app of that name exists',
      415: 'not text/plain',
    },
  },
  {
    method: 'put',
    path: '/siddhi-apps',
    tag: 'apps',
    summary: 'Deploy or update an app (named by its @app:name)',
    body: appText,
    responses: { 200: 'updated', 201: 'deployed', 400: 'invalid app' },
  },
  {
    method: 'get',
    path: '/siddhi-apps/statistics',
    tag: 'apps',
    summary: 'Statistics of every app',
    responses: { 200: 'per app: events per stream and query, sends with latencies' },
  },
  {
    method: 'get',
    path: '/siddhi-apps/{name}',
    tag: 'apps',
    summary: "An app's text",
    parameters: [name],
    produces: 'text/plain',
    responses: { 200: 'the SiddhiQL text', 404: 'no such app' },
  },
  {
    method: 'put',
    path: '/siddhi-apps/{name}',
    tag: 'apps',
    summary: 'Update an app (the text must have the same @app:name)',
    parameters: [name],
    body: appText,
    responses: { 200: 'updated', 201: 'deployed', 400: 'invalid app or other name' },
  },
  {
    method: 'delete',
    path: '/siddhi-apps/{name}',
    tag: 'apps',
    summary: 'Undeploy an app (its state is persisted first)',
    parameters: [
      name,
      { name: 'purgeState', in: 'query', description: 'true: delete its snapshots too' },
    ],
    responses: { 200: 'undeployed', 404: 'no such app' },
  },
  {
    method: 'get',
    path: '/siddhi-apps/{name}/status',
    tag: 'apps',
    summary: "An app's status (active or failed, with the failure)",
    parameters: [name],
    responses: { 200: 'status', 404: 'no such app' },
  },
  {
    method: 'get',
    path: '/siddhi-apps/{name}/statistics',
    tag: 'apps',
    summary: "An app's statistics",
    parameters: [name],
    responses: { 200: 'events per stream and query, sends with latencies', 404: 'no such app' },
  },
  {
    method: 'put',
    path: '/siddhi-apps/{name}/statistics',
    tag: 'apps',
    summary: 'Turn statistics on or off for an app',
    parameters: [name],
    body: { kind: 'json', schema: apiSchemas.statisticsToggle },
    responses: { 200: 'statistics', 404: 'no such app' },
  },
  {
    method: 'post',
    path: '/siddhi-apps/{name}/backup',
    tag: 'snapshots',
    summary: "Persist a snapshot of an app's state now",
    parameters: [name],
    responses: { 200: 'the revision saved', 409: 'persistence is off' },
  },
  {
    method: 'post',
    path: '/siddhi-apps/{name}/restore',
    tag: 'snapshots',
    summary: 'Restore the last (or a given) snapshot',
    parameters: [name, { name: 'revision', in: 'query', description: 'default: the newest' }],
    responses: { 200: 'the revision restored', 404: 'no such revision' },
  },
  {
    method: 'get',
    path: '/siddhi-apps/{name}/revisions',
    tag: 'snapshots',
    summary: 'The persisted revisions of an app, oldest first',
    parameters: [name],
    responses: { 200: 'revisions' },
  },
  // stores
  {
    method: 'post',
    path: '/stores/query',
    tag: 'stores',
    summary: 'Run an on-demand query on an app',
    body: { kind: 'json', schema: apiSchemas.storeQuery },
    responses: { 200: '{records, attributes}', 400: 'invalid query: diagnostics' },
  },
  // simulation
  {
    method: 'post',
    path: '/simulation/single',
    tag: 'simulation',
    summary: 'Send one event to a stream of an app',
    body: { kind: 'json', schema: apiSchemas.singleEvent },
    responses: { 200: 'sent', 400: 'unknown stream or values that do not fit' },
  },
  {
    method: 'get',
    path: '/simulation/feed',
    tag: 'simulation',
    summary: 'List feed simulations with their progress',
    responses: { 200: 'feed statuses' },
  },
  {
    method: 'post',
    path: '/simulation/feed',
    tag: 'simulation',
    summary: 'Add a feed simulation (CSV file, random or database sources)',
    body: { kind: 'json', schema: apiSchemas.feed },
    responses: { 201: 'created', 409: 'a feed of that name exists' },
  },
  {
    method: 'get',
    path: '/simulation/feed/{name}',
    tag: 'simulation',
    summary: "A feed's configuration and status",
    parameters: [feed],
    responses: { 200: '{config, status}', 404: 'no such feed' },
  },
  {
    method: 'put',
    path: '/simulation/feed/{name}',
    tag: 'simulation',
    summary: "Replace a feed's configuration (while it is not running)",
    parameters: [feed],
    body: { kind: 'json', schema: apiSchemas.feed },
    responses: { 200: 'updated', 409: 'running' },
  },
  {
    method: 'delete',
    path: '/simulation/feed/{name}',
    tag: 'simulation',
    summary: 'Stop and remove a feed',
    parameters: [feed],
    responses: { 200: 'removed' },
  },
  {
    method: 'post',
    path: '/simulation/feed/{name}',
    tag: 'simulation',
    summary: 'Run, pause, resume or stop a feed',
    parameters: [
      feed,
      { name: 'action', in: 'query', description: 'run, pause, resume or stop', required: true },
    ],
    responses: { 200: 'status', 409: 'not possible in its state' },
  },
  {
    method: 'get',
    path: '/simulation/feed/{name}/status',
    tag: 'simulation',
    summary: "A feed's state and progress",
    parameters: [feed],
    responses: { 200: 'status' },
  },
  {
    method: 'get',
    path: '/simulation/files',
    tag: 'simulation',
    summary: 'List the files CSV feeds can read',
    responses: { 200: 'files' },
  },
  {
    method: 'put',
    path: '/simulation/files/{fileName}',
    tag: 'simulation',
    summary: 'Upload (or replace) a CSV file',
    parameters: [{ name: 'fileName', in: 'path', description: 'a plain file name' }],
    body: { kind: 'text', mediaTypes: ['text/csv', 'text/plain'] },
    responses: { 200: 'replaced', 201: 'created' },
  },
  {
    method: 'delete',
    path: '/simulation/files/{fileName}',
    tag: 'simulation',
    summary: 'Delete a file',
    parameters: [{ name: 'fileName', in: 'path', description: 'a plain file name' }],
    responses: { 200: 'removed', 404: 'no such file' },
  },
  // error store
  {
    method: 'get',
    path: '/error-handler/error-entries',
    tag: 'errors',
    summary: "An app's stored errors, oldest first",
    parameters: [
      siddhiApp(true),
      { name: 'limit', in: 'query', description: 'default 100' },
      { name: 'offset', in: 'query', description: 'default 0' },
    ],
    responses: { 200: '{total, entries}' },
  },
  {
    method: 'get',
    path: '/error-handler/error-entries/count',
    tag: 'errors',
    summary: 'How many errors are stored (for an app, or in all)',
    parameters: [siddhiApp(false)],
    responses: { 200: '{count}' },
  },
  {
    method: 'get',
    path: '/error-handler/error-entries/{id}',
    tag: 'errors',
    summary: 'One stored error',
    parameters: [entryId],
    responses: { 200: 'the entry', 404: 'no such entry' },
  },
  {
    method: 'delete',
    path: '/error-handler/error-entries/{id}',
    tag: 'errors',
    summary: 'Discard one stored error',
    parameters: [entryId],
    responses: { 200: 'discarded', 404: 'no such entry' },
  },
  {
    method: 'delete',
    path: '/error-handler/error-entries',
    tag: 'errors',
    summary: 'Discard every stored error of an app',
    parameters: [siddhiApp(true)],
    responses: { 200: '{discarded}' },
  },
  {
    method: 'post',
    path: '/error-handler/error-entries/{id}/replay',
    tag: 'errors',
    summary: 'Replay one stored error through its app (removed once it went through)',
    parameters: [entryId],
    responses: { 200: 'replayed', 409: 'it failed again' },
  },
  {
    method: 'post',
    path: '/error-handler/replay',
    tag: 'errors',
    summary: 'Replay the listed entries ({ids}), or every entry of ?siddhiApp=',
    parameters: [siddhiApp(false)],
    body: { kind: 'json', schema: apiSchemas.replay },
    responses: { 200: '{replayed, failed}' },
  },
  // extensions and docs
  {
    method: 'get',
    path: '/extensions',
    tag: 'extensions',
    summary: 'The extension catalogue (plugins and every extension)',
    parameters: [
      { name: 'kind', in: 'query', description: 'source, sink, function, window, …' },
      { name: 'namespace', in: 'query', description: "e.g. 'str'" },
    ],
    responses: { 200: 'catalogue' },
  },
  {
    method: 'get',
    path: '/extensions/{kind}/{name}',
    tag: 'extensions',
    summary: "One extension's description",
    parameters: [
      { name: 'kind', in: 'path', description: 'source, sink, function, window, …' },
      { name: 'name', in: 'path', description: "qualified name, e.g. 'str:concat' or 'kafka'" },
    ],
    responses: { 200: 'the extension', 404: 'no such extension' },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'extensions',
    summary: 'The extension reference (HTML)',
    produces: 'text/html',
    responses: { 200: 'the index page' },
  },
  {
    method: 'get',
    path: '/docs/{page}',
    tag: 'extensions',
    summary: "A package's reference page (HTML)",
    parameters: [{ name: 'page', in: 'path', description: "e.g. 'execution-str'" }],
    produces: 'text/html',
    responses: { 200: 'the page', 404: 'no such page' },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'server',
    summary: 'This description of the API',
    responses: { 200: 'OpenAPI 3.1 document' },
  },
  // server
  {
    method: 'get',
    path: '/health',
    tag: 'server',
    summary: 'Liveness: UP with app counts (503 while shutting down)',
    public: true,
    responses: { 200: 'UP', 503: 'shutting down' },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'server',
    summary: 'Prometheus metrics',
    public: true,
    produces: 'text/plain',
    responses: { 200: 'Prometheus text exposition' },
  },
];
