// The XPath 1.0 subset Siddhi apps use in xml `@attributes` and `enclosing.element`, compiled
// once and evaluated on the tree of xml-document.ts (no XPath library is available, and
// fast-xml-parser has none). Supported: absolute and relative location paths, `//`, `.`, `..`,
// `@attr`, `*`, `prefix:name`, `prefix:*`, `text()`, `node()`; the axes child, attribute,
// self, parent, descendant(-or-self), ancestor(-or-self), following-sibling, preceding-sibling;
// unions `|`; predicates with positions (`[2]`, `[last()]`), comparisons (= != < <= > >=),
// `and`, `or`, and the functions position, last, count, not, true, false, string,
// normalize-space, contains, starts-with, name, local-name. Not supported: arithmetic,
// variables, filter expressions on parenthesised paths, and the remaining functions.

import { rootOf, stringValue, type XmlNode } from './xml-document.js';

/** Thrown when an expression is malformed or uses what the subset does not support. */
export class XPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XPathError';
  }
}

/** A compiled location path (or union of paths): selects nodes in document order. */
export interface CompiledXPath {
  readonly text: string;
  select(context: XmlNode): XmlNode[];
}

type Axis =
  | 'child'
  | 'attribute'
  | 'self'
  | 'parent'
  | 'descendant'
  | 'descendant-or-self'
  | 'ancestor'
  | 'ancestor-or-self'
  | 'following-sibling'
  | 'preceding-sibling';

const AXES: readonly Axis[] = [
  'child',
  'attribute',
  'self',
  'parent',
  'descendant',
  'descendant-or-self',
  'ancestor',
  'ancestor-or-self',
  'following-sibling',
  'preceding-sibling',
];
const REVERSE_AXES: ReadonlySet<Axis> = new Set([
  'ancestor',
  'ancestor-or-self',
  'preceding-sibling',
]);

type NodeTest =
  | { readonly k: 'name'; readonly namespace: string | undefined; readonly local: string }
  | { readonly k: 'any-name' }
  | { readonly k: 'namespace-any'; readonly namespace: string }
  | { readonly k: 'text' }
  | { readonly k: 'node' };

interface Step {
  readonly axis: Axis;
  readonly test: NodeTest;
  readonly predicates: readonly Expr[];
}

type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

type FunctionName =
  | 'position'
  | 'last'
  | 'count'
  | 'not'
  | 'true'
  | 'false'
  | 'string'
  | 'normalize-space'
  | 'contains'
  | 'starts-with'
  | 'name'
  | 'local-name';

/** Argument count range of each function. */
const FUNCTIONS: Readonly<Record<FunctionName, readonly [number, number]>> = {
  position: [0, 0],
  last: [0, 0],
  count: [1, 1],
  not: [1, 1],
  true: [0, 0],
  false: [0, 0],
  string: [0, 1],
  'normalize-space': [0, 1],
  contains: [2, 2],
  'starts-with': [2, 2],
  name: [0, 1],
  'local-name': [0, 1],
};

type Expr =
  | { readonly k: 'path'; readonly absolute: boolean; readonly steps: readonly Step[] }
  | { readonly k: 'union'; readonly parts: readonly Expr[] }
  | { readonly k: 'number'; readonly v: number }
  | { readonly k: 'literal'; readonly v: string }
  | { readonly k: 'call'; readonly name: FunctionName; readonly args: readonly Expr[] }
  | { readonly k: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'and' | 'or'; readonly left: Expr; readonly right: Expr };

type Token =
  | { readonly t: 'op'; readonly v: string; readonly at: number }
  | { readonly t: 'name'; readonly v: string; readonly at: number }
  | { readonly t: 'number'; readonly v: number; readonly at: number }
  | { readonly t: 'literal'; readonly v: string; readonly at: number };

const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_CHAR = /[\w.\-\u00B7\u00C0-\uFFFF]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new XPathError(`${what} at position ${String(i + 1)}`);
  };
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '/' || ch === '.' || ch === ':' || ch === '!' || ch === '<' || ch === '>') {
      const two = text.slice(i, i + 2);
      if (
        two === '//' ||
        two === '..' ||
        two === '::' ||
        two === '!=' ||
        two === '<=' ||
        two === '>='
      ) {
        tokens.push({ t: 'op', v: two, at: i });
        i += 2;
      } else if (ch === '.' && /\d/.test(text.charAt(i + 1))) {
        const m = /^\.\d+/.exec(text.slice(i));
        tokens.push({ t: 'number', v: Number(m?.[0]), at: i });
        i += m?.[0].length ?? 1;
      } else if (ch === '!' || ch === ':') {
        fail(`unexpected '${ch}'`);
      } else {
        tokens.push({ t: 'op', v: ch, at: i });
        i += 1;
      }
    } else if ('[]()@,|=*'.includes(ch)) {
      tokens.push({ t: 'op', v: ch, at: i });
      i += 1;
    } else if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) fail('unterminated string');
      tokens.push({ t: 'literal', v: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/\d/.test(ch)) {
      const m = /^\d+(?:\.\d*)?/.exec(text.slice(i));
      tokens.push({ t: 'number', v: Number(m?.[0]), at: i });
      i += m?.[0].length ?? 1;
    } else if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text.charAt(j))) j += 1;
      // a QName `p:local` or `p:*` (but not an axis `name::`)
      if (text.charAt(j) === ':' && text.charAt(j + 1) !== ':') {
        const next = text.charAt(j + 1);
        if (next === '*') {
          j += 2;
        } else if (NAME_START.test(next)) {
          j += 2;
          while (j < text.length && NAME_CHAR.test(text.charAt(j))) j += 1;
        } else {
          i = j;
          fail(`unexpected ':'`);
        }
      }
      tokens.push({ t: 'name', v: text.slice(i, j), at: i });
      i = j;
    } else {
      fail(`unexpected '${ch}'`);
    }
  }
  return tokens;
}

class Parser {
  #pos = 0;
  readonly #tokens: readonly Token[];
  readonly #namespaces: ReadonlyMap<string, string>;

  constructor(tokens: readonly Token[], namespaces: ReadonlyMap<string, string>) {
    this.#tokens = tokens;
    this.#namespaces = namespaces;
  }

  parse(): Expr {
    const expr = this.#or();
    const rest = this.#tokens[this.#pos];
    if (rest !== undefined) this.#fail(rest, `unexpected '${String(rest.v)}'`);
    return expr;
  }

  #peek(offset = 0): Token | undefined {
    return this.#tokens[this.#pos + offset];
  }

  #isOp(v: string, offset = 0): boolean {
    const t = this.#peek(offset);
    return t?.t === 'op' && t.v === v;
  }

  /** The text of the current token (an operator, after `#isOp` said so). */
  #opText(): string {
    return String(this.#peek()?.v);
  }

  #isName(v: string): boolean {
    const t = this.#peek();
    return t?.t === 'name' && t.v === v;
  }

  #expectOp(v: string): void {
    const t = this.#peek();
    if (t?.t !== 'op' || t.v !== v) this.#fail(t, `expected '${v}'`);
    this.#pos += 1;
  }

  #fail(token: Token | undefined, what: string): never {
    throw new XPathError(
      token === undefined ? `${what} at the end` : `${what} at position ${String(token.at + 1)}`,
    );
  }

  #or(): Expr {
    let left = this.#and();
    while (this.#isName('or')) {
      this.#pos += 1;
      left = { k: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Expr {
    let left = this.#equality();
    while (this.#isName('and')) {
      this.#pos += 1;
      left = { k: 'and', left, right: this.#equality() };
    }
    return left;
  }

  #equality(): Expr {
    let left = this.#relational();
    while (this.#isOp('=') || this.#isOp('!=')) {
      const op = this.#opText() as CompareOp;
      this.#pos += 1;
      left = { k: 'compare', op, left, right: this.#relational() };
    }
    return left;
  }

  #relational(): Expr {
    let left = this.#union();
    while (this.#isOp('<') || this.#isOp('<=') || this.#isOp('>') || this.#isOp('>=')) {
      const op = this.#opText() as CompareOp;
      this.#pos += 1;
      left = { k: 'compare', op, left, right: this.#union() };
    }
    return left;
  }

  #union(): Expr {
    const first = this.#primaryOrPath();
    if (!this.#isOp('|')) return first;
    const parts = [first];
    while (this.#isOp('|')) {
      this.#pos += 1;
      parts.push(this.#primaryOrPath());
    }
    return { k: 'union', parts };
  }

  #primaryOrPath(): Expr {
    const t = this.#peek();
    if (t === undefined) this.#fail(t, 'expected an expression');
    if (t.t === 'number') {
      this.#pos += 1;
      return { k: 'number', v: t.v };
    }
    if (t.t === 'literal') {
      this.#pos += 1;
      return { k: 'literal', v: t.v };
    }
    if (t.t === 'op' && t.v === '(') {
      this.#pos += 1;
      const inner = this.#or();
      this.#expectOp(')');
      return inner;
    }
    if (
      t.t === 'name' &&
      this.#isOp('(', 1) &&
      t.v !== 'text' &&
      t.v !== 'node' &&
      !(AXES as readonly string[]).includes(t.v)
    ) {
      return this.#call(t);
    }
    return this.#path();
  }

  #call(t: Token & { t: 'name' }): Expr {
    if (!(t.v in FUNCTIONS)) this.#fail(t, `the function '${t.v}()' is not supported`);
    const name = t.v as FunctionName;
    this.#pos += 2;
    const args: Expr[] = [];
    if (!this.#isOp(')')) {
      args.push(this.#or());
      while (this.#isOp(',')) {
        this.#pos += 1;
        args.push(this.#or());
      }
    }
    this.#expectOp(')');
    const [min, max] = FUNCTIONS[name];
    if (args.length < min || args.length > max) {
      this.#fail(
        t,
        `${name}() takes ${min === max ? String(min) : `${String(min)}–${String(max)}`} arguments`,
      );
    }
    return { k: 'call', name, args };
  }

  #path(): Expr {
    const steps: Step[] = [];
    let absolute = false;
    if (this.#isOp('/')) {
      absolute = true;
      this.#pos += 1;
      if (!this.#startsStep()) return { k: 'path', absolute, steps };
    } else if (this.#isOp('//')) {
      absolute = true;
      this.#pos += 1;
      steps.push(DESCENDANT_OR_SELF);
    }
    steps.push(this.#step());
    for (;;) {
      if (this.#isOp('/')) {
        this.#pos += 1;
      } else if (this.#isOp('//')) {
        this.#pos += 1;
        steps.push(DESCENDANT_OR_SELF);
      } else {
        break;
      }
      steps.push(this.#step());
    }
    return { k: 'path', absolute, steps };
  }

  #startsStep(): boolean {
    const t = this.#peek();
    if (t === undefined) return false;
    if (t.t === 'name') return true;
    return t.t === 'op' && (t.v === '.' || t.v === '..' || t.v === '@' || t.v === '*');
  }

  #step(): Step {
    if (this.#isOp('.')) {
      this.#pos += 1;
      return { axis: 'self', test: { k: 'node' }, predicates: [] };
    }
    if (this.#isOp('..')) {
      this.#pos += 1;
      return { axis: 'parent', test: { k: 'node' }, predicates: [] };
    }
    let axis: Axis = 'child';
    if (this.#isOp('@')) {
      this.#pos += 1;
      axis = 'attribute';
    } else {
      const t = this.#peek();
      if (t?.t === 'name' && this.#isOp('::', 1)) {
        if (!(AXES as readonly string[]).includes(t.v))
          this.#fail(t, `the axis '${t.v}' is not supported`);
        axis = t.v as Axis;
        this.#pos += 2;
      }
    }
    const test = this.#nodeTest();
    const predicates: Expr[] = [];
    while (this.#isOp('[')) {
      this.#pos += 1;
      predicates.push(this.#or());
      this.#expectOp(']');
    }
    return { axis, test, predicates };
  }

  #nodeTest(): NodeTest {
    const t = this.#peek();
    if (t?.t === 'op' && t.v === '*') {
      this.#pos += 1;
      return { k: 'any-name' };
    }
    if (t?.t !== 'name') this.#fail(t, 'expected a name or node test');
    this.#pos += 1;
    if ((t.v === 'text' || t.v === 'node') && this.#isOp('(')) {
      this.#pos += 1;
      this.#expectOp(')');
      return { k: t.v };
    }
    const colon = t.v.indexOf(':');
    if (colon < 0) return { k: 'name', namespace: undefined, local: t.v };
    const prefix = t.v.slice(0, colon);
    const namespace = this.#namespaces.get(prefix);
    if (namespace === undefined) {
      this.#fail(t, `the namespace prefix '${prefix}' is not declared (add it to 'namespaces')`);
    }
    const local = t.v.slice(colon + 1);
    return local === '*' ? { k: 'namespace-any', namespace } : { k: 'name', namespace, local };
  }
}

const DESCENDANT_OR_SELF: Step = {
  axis: 'descendant-or-self',
  test: { k: 'node' },
  predicates: [],
};

type Value = XmlNode[] | string | number | boolean;

interface Context {
  readonly node: XmlNode;
  readonly position: number;
  readonly size: number;
}

function descendants(node: XmlNode, out: XmlNode[]): void {
  if (node.kind !== 'element' && node.kind !== 'document') return;
  for (const c of node.children) {
    out.push(c);
    descendants(c, out);
  }
}

function siblings(node: XmlNode): readonly XmlNode[] {
  // a list of nodes, so that indexOf takes any node
  const parent = node.parent;
  if (parent === undefined || node.kind === 'attribute') return [];
  return parent.children;
}

function axisNodes(axis: Axis, node: XmlNode): XmlNode[] {
  switch (axis) {
    case 'child':
      return node.kind === 'element' || node.kind === 'document' ? [...node.children] : [];
    case 'attribute':
      return node.kind === 'element' ? [...node.attributes] : [];
    case 'self':
      return [node];
    case 'parent':
      return node.parent === undefined ? [] : [node.parent];
    case 'descendant': {
      const out: XmlNode[] = [];
      descendants(node, out);
      return out;
    }
    case 'descendant-or-self': {
      const out: XmlNode[] = [node];
      descendants(node, out);
      return out;
    }
    case 'ancestor':
    case 'ancestor-or-self': {
      const out: XmlNode[] = axis === 'ancestor' ? [] : [node];
      for (let n = node.parent; n !== undefined; n = n.parent) out.push(n);
      return out;
    }
    case 'following-sibling': {
      const all = siblings(node);
      return all.slice(all.indexOf(node) + 1);
    }
    case 'preceding-sibling': {
      const all = siblings(node);
      const at = all.indexOf(node);
      return at <= 0 ? [] : all.slice(0, at).reverse();
    }
  }
}

function testNode(test: NodeTest, axis: Axis, node: XmlNode): boolean {
  const principal = axis === 'attribute' ? 'attribute' : 'element';
  switch (test.k) {
    case 'node':
      return true;
    case 'text':
      return node.kind === 'text';
    case 'any-name':
      return node.kind === principal;
    case 'namespace-any':
      return node.kind === principal && node.namespace === test.namespace;
    case 'name':
      if (node.kind !== principal || node.localName !== test.local) return false;
      // an unprefixed name matches only names in no namespace (an undeclared prefix is not "none")
      return test.namespace === undefined
        ? node.namespace === undefined && node.prefix === undefined
        : node.namespace === test.namespace;
  }
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = typeof v === 'string' ? v : toString(v);
  return /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(s) ? Number(s) : Number.NaN;
}

function toString(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  const [first] = v;
  return first === undefined ? '' : stringValue(first);
}

function toBoolean(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  return v.length > 0;
}

function compareAtoms(
  op: CompareOp,
  a: string | number | boolean,
  b: string | number | boolean,
): boolean {
  if (op === '=' || op === '!=') {
    let equal: boolean;
    if (typeof a === 'boolean' || typeof b === 'boolean') equal = toBoolean(a) === toBoolean(b);
    else if (typeof a === 'number' || typeof b === 'number') equal = toNumber(a) === toNumber(b);
    else equal = a === b;
    return op === '=' ? equal : !equal;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function compare(op: CompareOp, a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const bs = b.map(stringValue);
    return a.some((n) => {
      const s = stringValue(n);
      return bs.some((t) => compareAtoms(op, s, t));
    });
  }
  if (Array.isArray(a)) {
    if (typeof b === 'boolean') return compareAtoms(op, toBoolean(a), b);
    const atom: string | number = b as string | number;
    return a.some((n) =>
      compareAtoms(op, typeof atom === 'number' ? toNumber(stringValue(n)) : stringValue(n), atom),
    );
  }
  if (Array.isArray(b)) {
    if (typeof a === 'boolean') return compareAtoms(op, a, toBoolean(b));
    const atom = a;
    return b.some((n) =>
      compareAtoms(op, atom, typeof atom === 'number' ? toNumber(stringValue(n)) : stringValue(n)),
    );
  }
  return compareAtoms(op, a, b);
}

function nodesOf(v: Value, what: string): XmlNode[] {
  if (!Array.isArray(v)) throw new XPathError(`${what} needs a node-set`);
  return v;
}

function nodeName(nodes: XmlNode[], local: boolean): string {
  const [n] = nodes;
  if (n === undefined || n.kind === 'document' || n.kind === 'text') return '';
  return local ? n.localName : n.name;
}

function evaluate(expr: Expr, ctx: Context): Value {
  switch (expr.k) {
    case 'number':
      return expr.v;
    case 'literal':
      return expr.v;
    case 'path':
      return evaluatePath(expr.absolute, expr.steps, ctx.node);
    case 'union': {
      const all = new Set<XmlNode>();
      for (const part of expr.parts)
        for (const n of nodesOf(evaluate(part, ctx), "'|'")) all.add(n);
      return [...all].sort((a, b) => a.order - b.order);
    }
    case 'and':
      return toBoolean(evaluate(expr.left, ctx)) && toBoolean(evaluate(expr.right, ctx));
    case 'or':
      return toBoolean(evaluate(expr.left, ctx)) || toBoolean(evaluate(expr.right, ctx));
    case 'compare':
      return compare(expr.op, evaluate(expr.left, ctx), evaluate(expr.right, ctx));
    case 'call':
      return call(expr.name, expr.args, ctx);
  }
}

function call(name: FunctionName, args: readonly Expr[], ctx: Context): Value {
  const arg = (i: number): Value => {
    const a = args[i];
    return a === undefined ? [ctx.node] : evaluate(a, ctx);
  };
  switch (name) {
    case 'position':
      return ctx.position;
    case 'last':
      return ctx.size;
    case 'count':
      return nodesOf(arg(0), 'count()').length;
    case 'not':
      return !toBoolean(arg(0));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'string':
      return toString(arg(0));
    case 'normalize-space':
      return toString(arg(0)).trim().replace(/\s+/g, ' ');
    case 'contains':
      return toString(arg(0)).includes(toString(arg(1)));
    case 'starts-with':
      return toString(arg(0)).startsWith(toString(arg(1)));
    case 'name':
      return nodeName(nodesOf(arg(0), 'name()'), false);
    case 'local-name':
      return nodeName(nodesOf(arg(0), 'local-name()'), true);
  }
}

function evaluatePath(absolute: boolean, steps: readonly Step[], context: XmlNode): XmlNode[] {
  let nodes: XmlNode[] = [absolute ? rootOf(context) : context];
  for (const step of steps) {
    const next: XmlNode[] = [];
    const seen = new Set<XmlNode>();
    for (const node of nodes) {
      let candidates = axisNodes(step.axis, node).filter((n) => testNode(step.test, step.axis, n));
      for (const predicate of step.predicates) {
        const size = candidates.length;
        candidates = candidates.filter((n, i) => {
          const v = evaluate(predicate, { node: n, position: i + 1, size });
          return typeof v === 'number' ? v === i + 1 : toBoolean(v);
        });
      }
      for (const c of candidates) {
        if (!seen.has(c)) {
          seen.add(c);
          next.push(c);
        }
      }
    }
    // reverse axes list nearest first; results are always in document order
    if (nodes.length > 1 || REVERSE_AXES.has(step.axis)) next.sort((a, b) => a.order - b.order);
    nodes = next;
  }
  return nodes;
}

/**
 * Compiles an XPath of the supported subset; prefixes resolve through `namespaces`. Throws
 * `XPathError` when the expression is malformed, unsupported or not a location path.
 * @example
 * const path = compileXPath('//p:stock[@exchange="nasdaq"]/price', new Map([['p', 'urn:p']]));
 * path.select(parseXml(text));
 */
export function compileXPath(text: string, namespaces: ReadonlyMap<string, string>): CompiledXPath {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new XPathError('an empty XPath');
  const expr = new Parser(tokens, namespaces).parse();
  if (expr.k !== 'path' && expr.k !== 'union') {
    throw new XPathError('the XPath must select nodes (a location path), not compute a value');
  }
  return {
    text,
    select(context) {
      const v = evaluate(expr, { node: context, position: 1, size: 1 });
      return nodesOf(v, 'the XPath');
    },
  };
}
