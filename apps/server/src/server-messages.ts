// All wording of the server's own errors and hints, keyed by stable code (the engine's codes
// keep the engine's wording). Changing a message never changes a code.

export const serverMessages = {
  E_UNAUTHORIZED: (): string => 'authentication required',
  E_NOT_FOUND: (method: string, path: string): string => `no route ${method} ${path}`,
  E_VALIDATION: (count: number): string =>
    `the request body is invalid (${String(count)} problem${count === 1 ? '' : 's'})`,
  E_MALFORMED_BODY: (detail: string): string => `the request body is not valid JSON: ${detail}`,
  E_PAYLOAD_TOO_LARGE: (limit: number): string =>
    `the request body is larger than the limit of ${String(limit)} bytes`,
  E_UNSUPPORTED_MEDIA_TYPE: (expected: string): string =>
    `send the body with Content-Type: ${expected}`,
  E_INVALID_APP: (errors: number): string =>
    `the app has ${String(errors)} error${errors === 1 ? '' : 's'}`,
  E_APP_NAME_REQUIRED: (): string => "the app needs a name: add @app:name('MyApp')",
  E_APP_NAME_MISMATCH: (expected: string, actual: string): string =>
    `the app is named '${actual}', but '${expected}' was expected`,
  E_APP_EXISTS: (name: string): string => `an app named '${name}' is already deployed`,
  E_APP_NOT_FOUND: (name: string): string => `no app named '${name}' is deployed`,
  E_APP_FAILED: (name: string): string => `app '${name}' failed to deploy and is not running`,
  E_SHUTTING_DOWN: (): string => 'the server is shutting down',
  E_UNKNOWN_STREAM: (app: string, stream: string, known: string): string =>
    `app '${app}' has no stream '${stream}' (streams: ${known})`,
  E_INVALID_EVENT: (stream: string, detail: string): string =>
    `the event does not fit stream '${stream}': ${detail}`,
  E_NO_PERSISTENCE: (): string => 'persistence is disabled in the configuration',
  E_REVISION_NOT_FOUND: (app: string, revision: string): string =>
    `app '${app}' has no revision '${revision}'`,
  E_FEED_EXISTS: (name: string): string => `a feed simulation named '${name}' exists`,
  E_FEED_NOT_FOUND: (name: string): string => `no feed simulation named '${name}'`,
  E_FEED_STATE: (name: string, action: string, state: string): string =>
    `cannot ${action} feed simulation '${name}' while it is ${state}`,
  E_FEED_SOURCE: (detail: string): string => `the feed's source cannot be read: ${detail}`,
  E_FILE_NOT_FOUND: (name: string): string => `no simulation file named '${name}'`,
  E_INVALID_FILE_NAME: (name: string): string =>
    `'${name}' is not a valid file name (letters, digits, '.', '_' and '-', no folders)`,
  E_DATASOURCE_NOT_FOUND: (name: string, known: string): string =>
    `no datasource named '${name}' is configured${known === '' ? '' : ` (datasources: ${known})`}`,
  E_ERROR_ENTRY_NOT_FOUND: (id: string): string => `no stored error with id '${id}'`,
  E_INTERNAL: (): string => 'internal server error (details are in the server log)',
} as const;

/** Hints shown with some errors: what to do next. */
export const serverHints = {
  E_UNAUTHORIZED:
    "use HTTP Basic ('curl -u user:password') or 'Authorization: Bearer <token>' from conf/tributary.yaml",
  E_APP_EXISTS: 'use PUT /siddhi-apps to update it, or DELETE /siddhi-apps/{name} first',
  E_APP_NOT_FOUND: 'GET /siddhi-apps lists the deployed apps',
  E_UNSUPPORTED_MEDIA_TYPE: "e.g. curl -H 'Content-Type: text/plain' --data-binary @App.siddhi",
  E_NO_PERSISTENCE: 'set persistence.enabled: true in conf/tributary.yaml',
} as const satisfies Partial<Record<keyof typeof serverMessages, string>>;

export type ServerCode = keyof typeof serverMessages;
