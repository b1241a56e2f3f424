// The mediation a Micro Integrator test peer runs: a message (payload text, its type, its
// transport headers) through a sequence of a few Synapse mediators — log, respond,
// payloadFactory, property, drop — plus test hooks (fail, script) that real MI spells otherwise.

/** How MI builds a message: the gRPC `Content-Type` header values and their MIME types. */
export type MessageType = 'json' | 'xml' | 'text';

export const MIME_TYPES: Readonly<Record<MessageType, string>> = {
  json: 'application/json',
  xml: 'text/xml',
  text: 'text/plain',
};

/** A message in mediation. */
export interface MiMessage {
  readonly type: MessageType;
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Properties set by `property` mediators (and read by `$ctx:` expressions). */
  readonly properties: Readonly<Record<string, string>>;
}

/** A `payloadFactory` argument: a JSON path into the payload, `$ctx:`/`$trp:` or a literal. */
export type FactoryArgument = { readonly expression: string } | { readonly value: string };

/** The mediators the peer knows. */
export type Mediator =
  | {
      readonly kind: 'log';
      readonly level: 'simple' | 'full' | 'headers' | 'custom';
      readonly properties?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'respond' }
  | { readonly kind: 'drop' }
  | {
      readonly kind: 'payloadFactory';
      readonly mediaType: MessageType;
      readonly format: string;
      readonly args: readonly FactoryArgument[];
    }
  | { readonly kind: 'property'; readonly name: string; readonly value: FactoryArgument }
  /** Test hook: the flow fails with this status (HTTP) / message (gRPC INTERNAL). */
  | { readonly kind: 'fail'; readonly status: number; readonly message: string }
  /** Test hook: any transformation, possibly asynchronous. */
  | {
      readonly kind: 'script';
      readonly run: (message: MiMessage) => MiMessage | Promise<MiMessage>;
    };

/** How a sequence ended. */
export type MediationResult =
  | { readonly kind: 'responded'; readonly message: MiMessage }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'ended'; readonly message: MiMessage }
  | { readonly kind: 'failed'; readonly status: number; readonly message: string };

/** A failure while mediating (a bad expression, a payload the builder cannot read). */
export class MediationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediationError';
  }
}

function readPath(root: unknown, path: string): unknown {
  if (path === '$') return root;
  if (!path.startsWith('$.')) throw new MediationError(`unsupported JSON path '${path}'`);
  let value = root;
  for (const part of path.slice(2).split('.')) {
    const indexed = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (indexed === null) throw new MediationError(`unsupported JSON path '${path}'`);
    const [, name, indexes] = indexed;
    if (name !== undefined && name !== '') {
      value =
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[name]
          : undefined;
    }
    for (const index of (indexes ?? '').match(/\d+/g) ?? []) {
      value = Array.isArray(value) ? (value as unknown[])[Number(index)] : undefined;
    }
  }
  return value;
}

function argumentText(argument: FactoryArgument, message: MiMessage): string {
  if ('value' in argument) return argument.value;
  const { expression } = argument;
  if (expression.startsWith('$ctx:')) return message.properties[expression.slice(5)] ?? '';
  if (expression.startsWith('$trp:')) return message.headers[expression.slice(5)] ?? '';
  if (message.type !== 'json') {
    throw new MediationError(
      `the peer evaluates JSON paths only, on json messages ('${expression}')`,
    );
  }
  const value = readPath(parseJson(message.payload), expression);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The JSON of a json message; MI's builder fails on anything else.
 * @example
 * parseJson('{"a":1}'); // { a: 1 }
 */
export function parseJson(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    throw new MediationError('Error while building the message: the payload is not JSON');
  }
}

function fillFormat(format: string, values: readonly string[], mediaType: MessageType): string {
  return format.replace(/\$(\d+)/g, (_m, digits: string) => {
    const value = values[Number(digits) - 1] ?? '';
    // A string argument inside a JSON format keeps its quotes from the format itself.
    return mediaType === 'json' ? value.replace(/"/g, '\\"') : value;
  });
}

/**
 * Runs `sequence` over `message`; `log` receives what log mediators print.
 * @example
 * await runSequence([{ kind: 'log', level: 'full' }, { kind: 'respond' }], message, console.log);
 */
export async function runSequence(
  sequence: readonly Mediator[],
  input: MiMessage,
  log: (line: string) => void,
): Promise<MediationResult> {
  let message = input;
  for (const mediator of sequence) {
    switch (mediator.kind) {
      case 'log': {
        const parts: string[] = [`Direction: request`];
        if (mediator.level === 'headers' || mediator.level === 'full') {
          parts.push(...Object.entries(message.headers).map(([k, v]) => `${k} = ${v}`));
        }
        for (const [name, value] of Object.entries(mediator.properties ?? {})) {
          parts.push(`${name} = ${value}`);
        }
        if (mediator.level === 'full') parts.push(`Payload: ${message.payload}`);
        log(parts.join(', '));
        break;
      }
      case 'respond':
        return { kind: 'responded', message };
      case 'drop':
        return { kind: 'dropped' };
      case 'fail':
        return { kind: 'failed', status: mediator.status, message: mediator.message };
      case 'payloadFactory': {
        const values = mediator.args.map((a) => argumentText(a, message));
        message = {
          ...message,
          type: mediator.mediaType,
          payload: fillFormat(mediator.format.trim(), values, mediator.mediaType),
        };
        break;
      }
      case 'property':
        message = {
          ...message,
          properties: {
            ...message.properties,
            [mediator.name]: argumentText(mediator.value, message),
          },
        };
        break;
      case 'script':
        message = await mediator.run(message);
        break;
    }
  }
  return { kind: 'ended', message };
}
