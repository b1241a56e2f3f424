// One extension's documentation as plain data, read off its spec: the syntax lines (one per
// overload, Siddhi's shapes), the parameter table, system parameters, extra return attributes
// and examples. Pages and the JSON catalogue are both made from it.

import type { AttributeType } from '@tributary/engine';
import type {
  ArgumentInfo,
  CallSpec,
  ExtensionKindName,
  ExtensionStatus,
  OptionParamBase,
  ParameterSpec,
  RegisteredExtension,
  ReturnTypeRule,
} from '@tributary/engine/extension-api';

export interface ParameterDoc {
  readonly name: string;
  readonly description: string;
  /** Siddhi's data type names: `STRING`, `INT`, `TIME`… */
  readonly types: readonly string[];
  /** The default as written in apps; absent when there is none. */
  readonly default?: string;
  readonly optional: boolean;
  /** Options: may hold `{{attribute}}` templates. Arguments: may be a non-constant expression. */
  readonly dynamic: boolean;
  /** Accepted values, element types, secrecy, repetition… in words. */
  readonly notes: readonly string[];
}

export interface SystemParameterDoc {
  readonly name: string;
  readonly description: string;
  readonly defaultValue: string;
  readonly possibleValues: readonly string[];
}

export interface ExtensionDoc {
  readonly kind: ExtensionKindName;
  /** `Function`, `Source Mapper`… */
  readonly kindLabel: string;
  readonly namespace: string;
  readonly name: string;
  /** `str:concat`, `length`, `kafka`. */
  readonly qualifiedName: string;
  /** The anchor of its section on its package's page. */
  readonly anchor: string;
  readonly package: string;
  readonly version: string;
  readonly status: ExtensionStatus;
  readonly summary: string;
  readonly description?: string;
  /** One entry per accepted form; an entry may span lines. */
  readonly syntax: readonly string[];
  /** Functions and aggregators: the types the result may have. */
  readonly returns?: { readonly types: readonly string[]; readonly description?: string };
  readonly parameters: readonly ParameterDoc[];
  readonly systemParameters: readonly SystemParameterDoc[];
  /** Sources: the transport properties (`trp:…`) they offer. */
  readonly transportProperties: readonly { readonly name: string; readonly description: string }[];
  /** Stream functions/processors: the attributes they append; `dynamic` when the arguments decide. */
  readonly appends?: readonly { readonly name: string; readonly type: string }[] | 'dynamic';
  readonly defaultMapper?: string;
  readonly contentType?: string;
  readonly examples: readonly { readonly description: string; readonly siddhi: string }[];
}

/** How each kind is named in headings. */
export const KIND_LABELS: Readonly<Record<ExtensionKindName, string>> = {
  source: 'Source',
  sink: 'Sink',
  sourceMapper: 'Source Mapper',
  sinkMapper: 'Sink Mapper',
  store: 'Store',
  distributionStrategy: 'Distribution Strategy',
  function: 'Function',
  aggregator: 'Aggregator',
  window: 'Window',
  streamFunction: 'Stream Function',
  streamProcessor: 'Stream Processor',
  script: 'Script',
};

const typeName = (t: string): string => t.toUpperCase();

const OPTION_TYPE_NAMES: Readonly<Record<OptionParamBase['type'], string>> = {
  string: 'STRING',
  int: 'INT',
  long: 'LONG',
  double: 'DOUBLE',
  bool: 'BOOL',
  time: 'TIME',
  enum: 'STRING',
  list: 'STRING',
};

function optionNotes(param: OptionParamBase): string[] {
  const notes: string[] = [];
  if (param.type === 'enum' && param.values !== undefined) {
    notes.push(`One of: ${param.values.map((v) => `\`${v}\``).join(', ')}.`);
  }
  if (param.type === 'list' && param.element !== undefined) {
    const sep = param.separator ?? ',';
    notes.push(`A list of ${OPTION_TYPE_NAMES[param.element.type]} separated by \`${sep}\`.`);
  }
  if (param.type === 'time') notes.push("A time such as `'1 sec'`, or milliseconds.");
  if (param.secret) notes.push('Secret: never logged.');
  return notes;
}

function optionDocs(parameters: Readonly<Record<string, OptionParamBase>>): ParameterDoc[] {
  return Object.entries(parameters).map(([name, p]) => ({
    name,
    description: p.description,
    types: [OPTION_TYPE_NAMES[p.type]],
    ...(p.defaultText === undefined ? {} : { default: p.defaultText }),
    optional: p.optional,
    dynamic: p.dynamic,
    notes: optionNotes(p),
  }));
}

/** The parameter lists a call spec accepts (`...`, or a repeatable last one, repeats). */
function overloadLists(spec: CallSpec): { params: ParameterSpec[]; repeats: boolean }[] {
  const byName = new Map(spec.parameters.map((p) => [p.name, p]));
  if (spec.overloads !== undefined) {
    return spec.overloads.map((names) => {
      const params: ParameterSpec[] = [];
      let repeats = false;
      for (const name of names) {
        if (name === '...') repeats = true;
        else {
          const p = byName.get(name);
          if (p !== undefined) params.push(p);
        }
      }
      return { params, repeats: repeats || params.at(-1)?.repeatable === true };
    });
  }
  // Without overloads: every parameter, trailing optional ones omissible (one form each).
  const all = spec.parameters;
  let required = all.length;
  while (required > 0 && all[required - 1]?.optional === true) required--;
  const forms: { params: ParameterSpec[]; repeats: boolean }[] = [];
  for (let n = required; n <= all.length; n++) {
    const params = all.slice(0, n);
    forms.push({ params, repeats: params.at(-1)?.repeatable === true });
  }
  return forms;
}

const MAX_COMBINATIONS = 512;

/**
 * Every argument a form's parameters may receive, combined, up to a bound: each type, and for
 * constants with listed values each value (a rule like `cast`'s reads the constant).
 */
function combinations(params: readonly ParameterSpec[]): (readonly ArgumentInfo[])[] {
  let out: ArgumentInfo[][] = [[]];
  for (const p of params) {
    const candidates: ArgumentInfo[] = [];
    for (const type of p.types) {
      const base = { type, constant: p.constant === true, attribute: p.attribute === true };
      if (p.allowedValues === undefined) candidates.push(base);
      else for (const value of p.allowedValues) candidates.push({ ...base, constant: true, value });
    }
    const next: ArgumentInfo[][] = [];
    for (const prefix of out) for (const c of candidates) next.push([...prefix, c]);
    out = next.slice(0, MAX_COMBINATIONS);
  }
  return out;
}

/**
 * The result types a return rule yields over a form's arguments (a computed rule is asked for
 * each combination; one that cannot judge a combination adds nothing).
 */
function returnTypes(
  rule: ReturnTypeRule,
  forms: readonly { params: ParameterSpec[] }[],
): string[] {
  if (typeof rule === 'string') return [typeName(rule)];
  const found = new Set<AttributeType>();
  for (const form of forms) {
    for (const args of combinations(form.params)) {
      try {
        const result = rule(args);
        if (typeof result === 'string') found.add(result);
      } catch {
        // A rule that cannot judge these arguments says nothing about the result type.
      }
    }
  }
  const order = ['string', 'int', 'long', 'float', 'double', 'bool', 'object'];
  const types = [...found].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return types.length === 0 ? ['OBJECT'] : types.map(typeName);
}

function callParamDocs(
  spec: CallSpec,
  forms: readonly { params: ParameterSpec[]; repeats: boolean }[],
): ParameterDoc[] {
  return spec.parameters.map((p) => {
    const notes: string[] = [];
    if (p.allowedValues !== undefined) {
      notes.push(`One of: ${p.allowedValues.map((v) => `\`${v}\``).join(', ')}.`);
    }
    if (p.min !== undefined) notes.push(`At least ${String(p.min)}.`);
    if (p.attribute === true) notes.push('Must be an attribute.');
    if (p.eventReference === true) notes.push('Names an event (`e1`).');
    const repeats = forms.some((f) => f.repeats && f.params.at(-1)?.name === p.name);
    if (p.repeatable === true || repeats) notes.push('May repeat.');
    const inEveryForm = forms.every((f) => f.params.some((q) => q.name === p.name));
    return {
      name: p.name,
      description: p.description ?? '',
      types: p.types.map(typeName),
      optional: p.optional === true || !inEveryForm,
      dynamic: p.constant !== true,
      notes,
    };
  });
}

function callSyntax(
  prefix: string,
  qualified: string,
  forms: readonly { params: ParameterSpec[]; repeats: boolean }[],
): string[] {
  return forms.map(({ params, repeats }) => {
    const args = params.map((p) => `<${p.types.map(typeName).join('|')}> ${p.name}`);
    const last = params.at(-1);
    if (repeats && last !== undefined) args.push(`<${last.types.map(typeName).join('|')}> ...`);
    return `${prefix}${qualified}(${args.join(', ')})`;
  });
}

/** `@source(type="kafka", a="<STRING>", …, @map(...))`, wrapped one option a line when long. */
function annotationSyntax(
  open: string,
  first: string,
  parameters: readonly ParameterDoc[],
  tail: string,
  close: string,
): string {
  const parts = [first, ...parameters.map((p) => `${p.name}="<${p.types.join('|')}>"`)];
  if (tail !== '') parts.push(tail);
  const oneLine = `${open}${parts.join(', ')}${close}`;
  if (oneLine.length <= 100) return oneLine;
  return `${open}\n${parts.map((p) => `    ${p}`).join(',\n')}\n${close}`;
}

function optionSyntax(kind: ExtensionKindName, name: string, params: ParameterDoc[]): string {
  switch (kind) {
    case 'source':
      return annotationSyntax('@source(', `type="${name}"`, params, '@map(...)', ')');
    case 'sink':
      return annotationSyntax('@sink(', `type="${name}"`, params, '@map(...)', ')');
    case 'sourceMapper':
      return annotationSyntax('@source(..., @map(', `type="${name}"`, params, '', '))');
    case 'sinkMapper':
      return annotationSyntax('@sink(..., @map(', `type="${name}"`, params, '', '))');
    case 'distributionStrategy':
      return annotationSyntax(
        '@sink(..., @distribution(',
        `strategy="${name}"`,
        params,
        '@destination(...)',
        '))',
      );
    default:
      return `${annotationSyntax('@store(', `type="${name}"`, params, '', ')')}\n@PrimaryKey("PRIMARY_KEY")\n@Index("INDEX")`;
  }
}

/** The anchor of an extension's section: `function-str-concat`. */
export function extensionAnchor(kind: ExtensionKindName, namespace: string, name: string): string {
  const raw = `${kind}-${namespace === '' ? '' : `${namespace}-`}${name}`;
  return raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/**
 * Describes one registered extension.
 * @example
 * describeExtension(registry.entry('function', 'str', 'concat')!).syntax
 * // ['<STRING> str:concat(<STRING|INT|…> arg, <…> ...)']
 */
export function describeExtension(extension: RegisteredExtension): ExtensionDoc {
  const { spec } = extension;
  const namespace = spec.namespace ?? '';
  const shownName = extension.kind === 'script' ? extension.spec.language : spec.name;
  const qualified = namespace === '' ? shownName : `${namespace}:${shownName}`;
  const base = {
    kind: extension.kind,
    kindLabel: KIND_LABELS[extension.kind],
    namespace,
    name: shownName,
    qualifiedName: qualified,
    anchor: extensionAnchor(extension.kind, namespace, shownName),
    package: extension.package,
    version: extension.version,
    status: spec.status,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    systemParameters: (spec.systemParameters ?? []).map((s) => ({
      name: s.name,
      description: s.description,
      defaultValue: s.defaultValue,
      possibleValues: s.possibleValues ?? [],
    })),
    examples: spec.examples.map((e) => ({ description: e.description, siddhi: e.siddhi })),
  };
  switch (extension.kind) {
    case 'function':
    case 'aggregator': {
      const s = extension.spec;
      const forms = overloadLists(s);
      const returns = returnTypes(s.returnType, forms);
      return {
        ...base,
        syntax: callSyntax(`<${returns.join('|')}> `, qualified, forms),
        returns: {
          types: returns,
          ...(s.returnDescription === undefined ? {} : { description: s.returnDescription }),
        },
        parameters: callParamDocs(s, forms),
        transportProperties: [],
      };
    }
    case 'window':
    case 'streamFunction':
    case 'streamProcessor': {
      const s = extension.spec;
      const forms = overloadLists(s);
      const prefix = extension.kind === 'window' ? '#window.' : '#';
      const appends =
        extension.kind === 'window'
          ? {}
          : {
              appends:
                typeof extension.spec.appends === 'function'
                  ? ('dynamic' as const)
                  : extension.spec.appends.map((a) => ({ name: a.name, type: typeName(a.type) })),
            };
      return {
        ...base,
        syntax: callSyntax(prefix, qualified, forms),
        parameters: callParamDocs(s, forms),
        transportProperties: [],
        ...appends,
      };
    }
    case 'script':
      return {
        ...base,
        syntax: [
          `define function <FunctionName>[${shownName}] return <type> {\n    <function body>\n};`,
        ],
        parameters: [],
        transportProperties: [],
      };
    default: {
      const parameters = optionDocs(extension.spec.parameters);
      const s = extension.spec;
      return {
        ...base,
        syntax: [optionSyntax(extension.kind, shownName, parameters)],
        parameters,
        transportProperties:
          extension.kind === 'source'
            ? (extension.spec.transportProperties ?? []).map((t) => ({
                name: t.name,
                description: t.description,
              }))
            : [],
        ...('defaultMapper' in s && typeof s.defaultMapper === 'string'
          ? { defaultMapper: s.defaultMapper }
          : {}),
        ...('contentType' in s && typeof s.contentType === 'string'
          ? { contentType: s.contentType }
          : {}),
      };
    }
  }
}
