// Reads Synapse artifacts as MI deploys them (sequences, inbound endpoints, APIs, proxy
// services) into the peer's model, so samples such as HelloMi's inSeq.xml and
// grpcInboundEndpoint.xml run unchanged. Only the mediators of `mediation.ts` are understood.

import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { FactoryArgument, Mediator, MessageType } from './mediation.js';

/** A named sequence. */
export interface SequenceArtifact {
  readonly name: string;
  readonly mediators: readonly Mediator[];
}

/** An inbound endpoint (only `grpc` ones are served; others are listed by discovery). */
export interface InboundEndpointArtifact {
  readonly name: string;
  readonly protocol: string;
  readonly sequence: string | undefined;
  readonly parameters: Readonly<Record<string, string>>;
}

/** A resource of a REST API. */
export interface ApiResource {
  readonly methods: readonly string[];
  /** `uri-template` or `url-mapping` (`/approve`, `/*`); `/` when absent. */
  readonly path: string;
  /** The in-sequence: mediators, or a sequence name. */
  readonly inSequence: readonly Mediator[] | string;
}

export interface ApiArtifact {
  readonly name: string;
  readonly context: string;
  readonly resources: readonly ApiResource[];
}

export interface ProxyArtifact {
  readonly name: string;
  readonly inSequence: readonly Mediator[] | string;
}

/** Everything one file may hold. */
export type SynapseArtifact =
  | { readonly kind: 'sequence'; readonly artifact: SequenceArtifact }
  | { readonly kind: 'inboundEndpoint'; readonly artifact: InboundEndpointArtifact }
  | { readonly kind: 'api'; readonly artifact: ApiArtifact }
  | { readonly kind: 'proxy'; readonly artifact: ProxyArtifact };

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  removeNSPrefix: true,
});

function tagOf(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text');
}

function childrenOf(node: Node): Node[] {
  const tag = tagOf(node);
  const children = tag === undefined ? [] : node[tag];
  return Array.isArray(children) ? (children as Node[]) : [];
}

function attrs(node: Node): Record<string, string> {
  const found = node[':@'];
  return typeof found === 'object' && found !== null ? (found as Record<string, string>) : {};
}

function elements(node: Node, tag?: string): Node[] {
  return childrenOf(node).filter((c) => {
    const t = tagOf(c);
    return t !== undefined && (tag === undefined || t === tag);
  });
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Parsed nodes back to XML text (a payloadFactory format holding elements). */
function serialize(nodes: readonly Node[]): string {
  return nodes
    .map((node) => {
      const tag = tagOf(node);
      if (tag === undefined)
        return typeof node['#text'] === 'string' ? escapeXml(node['#text']) : '';
      const attributes = Object.entries(attrs(node))
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join('');
      const children = childrenOf(node);
      return children.length === 0
        ? `<${tag}${attributes}/>`
        : `<${tag}${attributes}>${serialize(children)}</${tag}>`;
    })
    .join('');
}

function textOf(node: Node): string {
  return childrenOf(node)
    .map((c) => (typeof c['#text'] === 'string' ? c['#text'] : ''))
    .join('');
}

class SynapseXmlError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SynapseXmlError';
  }
}

function mediaType(text: string | undefined): MessageType {
  return text === 'json' || text === 'text' ? text : 'xml';
}

function factoryArgument(node: Node, file: string): FactoryArgument {
  const a = attrs(node);
  if (a.value !== undefined) return { value: a.value };
  if (a.expression !== undefined) return { expression: a.expression };
  throw new SynapseXmlError(file, 'an <arg> needs value= or expression=');
}

function mediators(parent: Node, file: string): Mediator[] {
  return elements(parent).map((node): Mediator => {
    const tag = tagOf(node);
    const a = attrs(node);
    switch (tag) {
      case 'log': {
        const level = a.level ?? 'simple';
        const properties = Object.fromEntries(
          elements(node, 'property').map((p) => [
            attrs(p).name ?? '',
            attrs(p).value ?? attrs(p).expression ?? '',
          ]),
        );
        return {
          kind: 'log',
          level: level === 'full' || level === 'headers' || level === 'custom' ? level : 'simple',
          properties,
        };
      }
      case 'respond':
        return { kind: 'respond' };
      case 'drop':
        return { kind: 'drop' };
      case 'property':
        return {
          kind: 'property',
          name: a.name ?? '',
          value: a.value !== undefined ? { value: a.value } : { expression: a.expression ?? '' },
        };
      case 'payloadFactory': {
        const type = mediaType(a['media-type']);
        const format = elements(node, 'format')[0];
        if (format === undefined)
          throw new SynapseXmlError(file, '<payloadFactory> needs a <format>');
        const inner = elements(format);
        const text = inner.length > 0 ? serialize(childrenOf(format)) : textOf(format);
        const args = elements(node, 'args').flatMap((list) =>
          elements(list, 'arg').map((arg) => factoryArgument(arg, file)),
        );
        return { kind: 'payloadFactory', mediaType: type, format: text, args };
      }
      default:
        throw new SynapseXmlError(file, `the MI test peer does not run <${String(tag)}> mediators`);
    }
  });
}

function inSequenceOf(holder: Node, file: string): readonly Mediator[] | string {
  const named = attrs(holder).inSequence;
  if (named !== undefined) return named;
  const inline = elements(holder, 'inSequence')[0];
  if (inline === undefined) throw new SynapseXmlError(file, 'no inSequence');
  return mediators(inline, file);
}

/**
 * The artifact in one Synapse XML text.
 * @example
 * parseSynapseXml('<sequence name="inSeq"><log level="full"/><respond/></sequence>');
 */
export function parseSynapseXml(xml: string, file = 'artifact'): SynapseArtifact {
  const roots = (parser.parse(xml) as Node[]).filter((n) => tagOf(n) !== undefined);
  const root = roots[0];
  if (root === undefined) throw new SynapseXmlError(file, 'no root element');
  const a = attrs(root);
  const name = a.name;
  if (name === undefined) throw new SynapseXmlError(file, 'the root element has no name');
  switch (tagOf(root)) {
    case 'sequence':
      return { kind: 'sequence', artifact: { name, mediators: mediators(root, file) } };
    case 'inboundEndpoint': {
      const parameters = Object.fromEntries(
        elements(root, 'parameters').flatMap((list) =>
          elements(list, 'parameter').map((p) => [attrs(p).name ?? '', textOf(p)]),
        ),
      );
      return {
        kind: 'inboundEndpoint',
        artifact: { name, protocol: a.protocol ?? '', sequence: a.sequence, parameters },
      };
    }
    case 'api':
      return {
        kind: 'api',
        artifact: {
          name,
          context: a.context ?? `/${name}`,
          resources: elements(root, 'resource').map((r) => ({
            methods: (attrs(r).methods ?? 'GET POST PUT DELETE')
              .split(/\s+/)
              .filter((m) => m !== ''),
            path: attrs(r)['uri-template'] ?? attrs(r)['url-mapping'] ?? '/',
            inSequence: inSequenceOf(r, file),
          })),
        },
      };
    case 'proxy': {
      const target = elements(root, 'target')[0];
      if (target === undefined) throw new SynapseXmlError(file, 'a <proxy> needs a <target>');
      return { kind: 'proxy', artifact: { name, inSequence: inSequenceOf(target, file) } };
    }
    default:
      throw new SynapseXmlError(file, `<${String(tagOf(root))}> is not an artifact the peer runs`);
  }
}

/**
 * The artifact in a Synapse XML file.
 * @example
 * loadSynapseFile('conf/samples/mi/inSeq.xml');
 */
export function loadSynapseFile(file: string): SynapseArtifact {
  return parseSynapseXml(readFileSync(file, 'utf8'), file);
}
