// Every message of the MI bridge in one place (codes are stable; wording may improve).

/** What a flow of MI is, for messages: `sequence 'inSeq'`, `API path '/orders/approve'`. */
export type FlowLabel = string;

export const miMessages = {
  E_MI_TARGET: (where: string, detail: string) => `${where}: ${detail}`,
  E_MI_CONTENT_TYPE: (where: string, found: string | undefined) =>
    `${where}: MI's gRPC inbound endpoint builds json, xml or text messages, but the mapper ` +
    `${found === undefined ? 'declares no content type' : `makes '${found}'`}; use ` +
    "@map(type='json'|'xml'|'text') or set content.type='json'|'xml'|'text'",
  E_MI_NO_REPLY_SOURCE: (where: string, stream: string) =>
    `${where}: on.reply stream '${stream}' has no @source(type='mi-reply') connected; define ` +
    `it as @source(type='mi-reply', @map(type='json', …)) define stream ${stream} (…); ` +
    'the reply is dropped',
  E_MI_REJECTED: (where: string, flow: FlowLabel, url: string, detail: string) =>
    `${where}: MI at ${url} rejected the call to ${flow}: ${detail}`,
  E_MI_CALL_FAILED: (
    where: string,
    flow: FlowLabel,
    url: string,
    attempts: number,
    detail: string,
  ) =>
    `${where}: calling ${flow} at ${url} failed after ${String(attempts)} attempt${attempts === 1 ? '' : 's'}: ${detail}`,
  E_MI_CIRCUIT_OPEN: (
    where: string,
    url: string,
    failures: number,
    resetMs: number,
    last: string,
  ) =>
    `${where}: circuit open after ${String(failures)} failed calls to ${url} (last: ${last}); ` +
    `MI is not called for ${String(resetMs)} ms, then one trial call decides`,
  E_MI_TIMEOUT: (ms: number) => `no reply within ${String(ms)} ms`,
  E_MI_STOPPING: () => 'the app is stopping; no further attempts',
  E_MI_FLOW_MISSING: (
    where: string,
    flow: FlowLabel,
    management: string,
    known: readonly string[],
  ) =>
    `${where}: ${flow} is not deployed in the Micro Integrator at ${management}` +
    (known.length === 0 ? ' (it has none)' : ` (deployed: ${known.join(', ')})`),
  E_MI_MANAGEMENT: (management: string, detail: string) =>
    `cannot read MI's management API at ${management}: ${detail}`,
  E_MI_LOGIN: (management: string, status: number) =>
    `MI's management API at ${management} refused the login (HTTP ${String(status)}); check ` +
    'management.username and management.password',
  HINT_UNKNOWN_STATUS:
    "MI's gRPC inbound endpoint answers UNKNOWN without details when the Content-Type header " +
    'is missing or not json, xml or text',
} as const;
