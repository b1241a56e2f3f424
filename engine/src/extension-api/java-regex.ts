// Java regular expressions (java.util.regex) for plugins porting Siddhi functions: a Java
// pattern is translated once into an equivalent JS `v`-mode RegExp, and Matcher-style
// operations (find, matches, lookingAt, replaceAll/First, split) keep Java's semantics.

/** A Java pattern that does not compile (Java's `PatternSyntaxException`). */
export class JavaRegexError extends Error {
  override readonly name = 'JavaRegexError';

  constructor(
    readonly description: string,
    readonly pattern: string,
    readonly index: number,
  ) {
    super(
      index >= 0
        ? `${description} near index ${String(index)} in regex '${pattern}'`
        : `${description} in regex '${pattern}'`,
    );
  }
}

/** One match of a Java pattern, with Java's group numbering. */
export interface JavaMatch {
  readonly start: number;
  readonly end: number;
  /** Java's `group(n)`: null when the group did not take part; throws beyond `groupCount`. */
  group(n: number): string | null;
}

/**
 * A compiled Java pattern.
 * @example
 * const p = compileJavaPattern('(\\d+)-(\\d+)');
 * p.find('a 10-20')?.group(2); // '20'
 * p.replaceAll('1-2 3-4', '$2:$1'); // '2:1 4:3'
 */
export interface JavaPattern {
  /** The Java source. */
  readonly pattern: string;
  /** The number of capturing groups (Java's `groupCount()`). */
  readonly groupCount: number;
  /** `Matcher.find(from)`: the first match starting at or after `from`. */
  find(input: string, from?: number): JavaMatch | null;
  /** `Matcher.matches()`: the whole input must match. */
  matches(input: string): JavaMatch | null;
  /** `Matcher.lookingAt()`: a match must start at the beginning. */
  lookingAt(input: string): JavaMatch | null;
  /** `String.replaceAll(regex, replacement)` with Java's `$1`, `${name}` and `\` escapes. */
  replaceAll(input: string, replacement: string): string;
  /** `String.replaceFirst(regex, replacement)`. */
  replaceFirst(input: string, replacement: string): string;
  /** `String.split(regex, limit)` / `Pattern.split`: trailing empty strings go when limit is 0. */
  split(input: string, limit?: number): string[];
}

interface Flags {
  /** CASE_INSENSITIVE (`i`). */
  readonly i: boolean;
  /** MULTILINE (`m`). */
  readonly m: boolean;
  /** DOTALL (`s`). */
  readonly s: boolean;
  /** UNIX_LINES (`d`). */
  readonly d: boolean;
  /** COMMENTS (`x`). */
  readonly x: boolean;
  /** UNICODE_CASE (`u`). */
  readonly u: boolean;
  /** UNICODE_CHARACTER_CLASS (`U`). */
  readonly U: boolean;
}

type MutableFlags = { -readonly [K in keyof Flags]: boolean };

function isFlag(c: string): c is keyof Flags {
  return c.length === 1 && 'idmsxuU'.includes(c);
}

const NO_FLAGS: Flags = { i: false, m: false, s: false, d: false, x: false, u: false, U: false };

/** A translated piece; `unit` pieces take a quantifier without a wrapping group. */
interface Atom {
  readonly text: string;
  readonly unit: boolean;
}

const LINE_TERMINATORS = '\\n\\r\\u{85}\\u{2028}\\u{2029}';
const JAVA_SPACE = '[\\t\\n\\u{B}\\f\\r\\u{20}]';
const HORIZONTAL =
  '[\\u{20}\\t\\u{A0}\\u{1680}\\u{180E}\\u{2000}-\\u{200A}\\u{202F}\\u{205F}\\u{3000}]';
const VERTICAL = '[\\n\\u{B}\\f\\r\\u{85}\\u{2028}\\u{2029}]';
const WORD_CHAR = '[\\p{L}\\p{Nd}_]';
const UNICODE_WORD = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';

/** POSIX and java.lang.Character classes (`\p{Alpha}`, `\p{javaLowerCase}`) as v-mode classes. */
const NAMED_CLASSES: Readonly<Record<string, string>> = {
  Lower: '[a-z]',
  Upper: '[A-Z]',
  ASCII: '[\\u{0}-\\u{7F}]',
  Alpha: '[a-zA-Z]',
  Digit: '[0-9]',
  Alnum: '[a-zA-Z0-9]',
  Punct: '[\\u{21}-\\u{2F}\\u{3A}-\\u{40}\\u{5B}-\\u{60}\\u{7B}-\\u{7E}]',
  Graph: '[\\u{21}-\\u{7E}]',
  Print: '[\\u{20}-\\u{7E}]',
  Blank: '[\\u{20}\\t]',
  Cntrl: '[\\u{0}-\\u{1F}\\u{7F}]',
  XDigit: '[0-9a-fA-F]',
  Space: JAVA_SPACE,
  javaLowerCase: '\\p{Lowercase}',
  javaUpperCase: '\\p{Uppercase}',
  javaWhitespace:
    '[\\t\\n\\u{B}\\f\\r\\u{1C}-\\u{1F}[[\\p{Zs}\\p{Zl}\\p{Zp}]--[\\u{A0}\\u{2007}\\u{202F}]]]',
  javaMirrored: '\\p{Bidi_Mirrored}',
  javaLetter: '\\p{L}',
  javaDigit: '\\p{Nd}',
  javaLetterOrDigit: '[\\p{L}\\p{Nd}]',
  javaAlphabetic: '\\p{Alphabetic}',
  javaIdeographic: '\\p{Ideographic}',
  javaSpaceChar: '[\\p{Zs}\\p{Zl}\\p{Zp}]',
  javaTitleCase: '\\p{Lt}',
  javaISOControl: '[\\u{0}-\\u{1F}\\u{7F}-\\u{9F}]',
  javaDefined: '\\P{Cn}',
  javaIdentifierIgnorable: '[\\u{0}-\\u{8}\\u{E}-\\u{1B}\\u{7F}-\\u{9F}\\p{Cf}]',
};

/** `\p{IsX}` binary properties Java knows, by lower-cased name. */
const BINARY_PROPERTIES: Readonly<Record<string, string>> = {
  alphabetic: 'Alphabetic',
  ideographic: 'Ideographic',
  letter: 'L',
  lowercase: 'Lowercase',
  uppercase: 'Uppercase',
  titlecase: 'Lt',
  punctuation: 'P',
  control: 'Cc',
  white_space: 'White_Space',
  whitespace: 'White_Space',
  digit: 'Nd',
  hex_digit: 'Hex_Digit',
  hexdigit: 'Hex_Digit',
  join_control: 'Join_Control',
  joincontrol: 'Join_Control',
  noncharacter_code_point: 'Noncharacter_Code_Point',
  noncharactercodepoint: 'Noncharacter_Code_Point',
  assigned: 'Assigned',
  emoji: 'Emoji',
};

/** Unicode general categories as Java writes them (`Lu`, `L`, `IsLu`). */
const CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'LC', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc',
  'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C',
  'Cc', 'Cf', 'Cs', 'Co', 'Cn',
]); // prettier-ignore

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isAsciiLetter(cp: number): boolean {
  return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

/** A code point as it may appear anywhere in a v-mode pattern. */
function emitCodePoint(cp: number): string {
  const isAlnum = (cp >= 48 && cp <= 57) || isAsciiLetter(cp);
  return isAlnum ? String.fromCodePoint(cp) : hex(cp);
}

/** The code points a case-insensitive match accepts for `cp` (ASCII only unless `unicode`). */
function caseVariants(cp: number, unicode: boolean): number[] {
  if (isAsciiLetter(cp)) return [cp, cp ^ 0x20];
  if (!unicode || cp < 128) return [cp];
  const out = new Set([cp]);
  const ch = String.fromCodePoint(cp);
  for (const variant of [ch.toLowerCase(), ch.toUpperCase()]) {
    const vcp = variant.codePointAt(0);
    if (vcp !== undefined && String.fromCodePoint(vcp) === variant) out.add(vcp);
  }
  return [...out];
}

/** Counts capturing groups ahead of translation (for forward back references). */
function countGroups(pattern: string): number {
  let count = 0;
  let inClass = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
      } else {
        i += 1;
      }
    } else if (c === '[') {
      inClass += 1;
    } else if (c === ']' && inClass > 0) {
      inClass -= 1;
    } else if (c === '(' && inClass === 0) {
      if (pattern[i + 1] !== '?') count += 1;
      else if (pattern[i + 2] === '<' && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
        count += 1;
      }
    }
  }
  return count;
}

/** Translates one Java pattern; see `compileJavaPattern`. */
class Translator {
  private i = 0;
  private flags: Flags;
  private groups = 0;
  private helpers = 0;
  readonly names = new Map<string, number>();
  private readonly totalGroups: number;

  constructor(private readonly src: string) {
    this.flags = NO_FLAGS;
    this.totalGroups = countGroups(src);
  }

  get groupCount(): number {
    return this.groups;
  }

  translate(): string {
    const out = this.disjunction();
    if (this.i < this.src.length) this.fail("Unmatched closing ')'", this.i - 1);
    return out;
  }

  private fail(description: string, index = this.i): never {
    throw new JavaRegexError(description, this.src, index);
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.i + offset];
  }

  private codePoint(): number {
    const cp = this.src.codePointAt(this.i);
    if (cp === undefined) this.fail('Unexpected end of pattern');
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** Skips whitespace and `#` comments in COMMENTS mode. */
  private skipIgnorable(): void {
    if (!this.flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c === undefined) return;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\u000b') {
        this.i += 1;
      } else if (c === '#') {
        while (this.i < this.src.length && this.peek() !== '\n' && this.peek() !== '\r') {
          this.i += 1;
        }
      } else {
        return;
      }
    }
  }

  private disjunction(): string {
    const alternatives: string[] = [];
    let atoms: Atom[] = [];
    for (;;) {
      this.skipIgnorable();
      const c = this.peek();
      if (c === undefined || c === ')') break;
      if (c === '|') {
        alternatives.push(atoms.map((a) => a.text).join(''));
        atoms = [];
        this.i += 1;
        continue;
      }
      if (c === '*' || c === '+' || c === '?' || c === '{') {
        const last = atoms.pop();
        if (last === undefined) {
          if (c === '{') this.fail('Illegal repetition');
          this.fail(`Dangling meta character '${c}'`);
        }
        atoms.push(this.quantified(last));
        continue;
      }
      const atom = this.atom();
      if (atom !== undefined) atoms.push(...atom);
    }
    alternatives.push(atoms.map((a) => a.text).join(''));
    return alternatives.join('|');
  }

  private quantified(atom: Atom): Atom {
    const start = this.i;
    const c = this.peek();
    let q: string;
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m === null) this.fail('Illegal repetition', start);
      const min = Number(m[1]);
      if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < min) {
        this.fail('Illegal repetition range', start);
      }
      q = m[0];
      this.i += m[0].length;
    } else {
      q = c ?? '';
      this.i += 1;
    }
    const base = (atom.unit ? atom.text : `(?:${atom.text})`) + q;
    if (this.peek() === '?') {
      this.i += 1;
      return { text: `${base}?`, unit: false };
    }
    if (this.peek() === '+') {
      this.i += 1;
      return { text: this.atomicGroup(base), unit: false };
    }
    return { text: base, unit: false };
  }

  /** An atomic group: JS has none, so a lookahead captures and a back reference consumes. */
  private atomicGroup(body: string): string {
    this.helpers += 1;
    const name = `a${String(this.helpers)}`;
    return `(?:(?=(?<${name}>${body}))\\k<${name}>)`;
  }

  private literal(cp: number): Atom {
    if (this.flags.i) {
      const variants = caseVariants(cp, this.flags.u || this.flags.U);
      if (variants.length > 1) return { text: `[${variants.map(hex).join('')}]`, unit: true };
    }
    return { text: emitCodePoint(cp), unit: true };
  }

  /** One atom (several for `\Q…\E`), or undefined for a flag-only group `(?i)`. */
  private atom(): Atom[] | undefined {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return [{ text: this.charClass(), unit: true }];
      case '.': {
        this.i += 1;
        if (this.flags.s) return [{ text: '[\\s\\S]', unit: true }];
        return [{ text: this.flags.d ? '[^\\n]' : `[^${LINE_TERMINATORS}]`, unit: true }];
      }
      case '^':
        this.i += 1;
        return [{ text: this.lineStart(), unit: false }];
      case '$':
        this.i += 1;
        return [{ text: this.lineEnd(), unit: false }];
      case '\\':
        return this.escape();
      default:
        return [this.literal(this.codePoint())];
    }
  }

  private terminator(): string {
    return this.flags.d ? '\\n' : `\\r\\n|[${LINE_TERMINATORS}]`;
  }

  private lineStart(): string {
    if (!this.flags.m) return '(?<![\\s\\S])';
    const after = this.flags.d ? '(?<=\\n)' : `(?<=[\\n\\u{85}\\u{2028}\\u{2029}]|\\r(?!\\n))`;
    return `(?:(?<![\\s\\S])|${after}(?=[\\s\\S]))`;
  }

  private lineEnd(): string {
    if (this.flags.m) {
      const before = this.flags.d ? '\\n' : `(?<!\\r)\\n|[\\r\\u{85}\\u{2028}\\u{2029}]`;
      return `(?=${before}|(?![\\s\\S]))`;
    }
    return `(?=(?:${this.terminator()})?(?![\\s\\S]))`;
  }

  private group(): Atom[] | undefined {
    const start = this.i;
    this.i += 1; // (
    const saved = this.flags;
    let open: string;
    let kind: 'plain' | 'atomic' = 'plain';
    if (this.peek() !== '?') {
      this.groups += 1;
      open = `(?<j${String(this.groups)}>`;
    } else {
      this.i += 1;
      const c = this.peek();
      if (c === ':') {
        this.i += 1;
        open = '(?:';
      } else if (c === '=' || c === '!') {
        this.i += 1;
        open = `(?${c}`;
      } else if (c === '>') {
        this.i += 1;
        open = '(?:';
        kind = 'atomic';
      } else if (c === '<') {
        const next = this.peek(1);
        if (next === '=' || next === '!') {
          this.i += 2;
          open = `(?<${next}`;
        } else {
          this.i += 1;
          const m = /^([a-zA-Z][a-zA-Z0-9]*)>/.exec(this.src.slice(this.i));
          if (m?.[1] === undefined)
            this.fail('capturing group name does not start with a Latin letter');
          const name = m[1];
          if (this.names.has(name)) this.fail(`Named capturing group <${name}> is already defined`);
          this.i += m[0].length;
          this.groups += 1;
          this.names.set(name, this.groups);
          open = `(?<j${String(this.groups)}>`;
        }
      } else {
        const onlyFlags = this.inlineFlags();
        if (onlyFlags) return undefined;
        open = '(?:';
      }
    }
    const body = this.disjunction();
    if (this.peek() !== ')') this.fail('Unclosed group', start);
    this.i += 1;
    this.flags = saved;
    const text = `${open}${body})`;
    return [{ text: kind === 'atomic' ? this.atomicGroup(text) : text, unit: true }];
  }

  /** `(?idmsuxU-idmsuxU)` or `(?…:`; true when it was a flag-only group (already closed). */
  private inlineFlags(): boolean {
    const start = this.i;
    const on: MutableFlags = { ...this.flags };
    let value = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('Unknown inline modifier', start);
      this.i += 1;
      if (c === '-') {
        value = false;
      } else if (c === ')') {
        this.flags = on;
        return true;
      } else if (c === ':') {
        this.flags = on;
        return false;
      } else if (isFlag(c)) {
        on[c] = value;
        if (c === 'U' && value) on.u = true;
      } else {
        this.fail('Unknown inline modifier', this.i - 1);
      }
    }
  }

  private escape(): Atom[] | undefined {
    const start = this.i;
    this.i += 1; // backslash
    const c = this.peek();
    if (c === undefined) this.fail('Unexpected internal error', start);
    if (c === 'G' || c === 'X') this.fail(`\\${c} is not supported`, start);
    switch (c) {
      case 'Q': {
        this.i += 1;
        const end = this.src.indexOf('\\E', this.i);
        const text = this.src.slice(this.i, end < 0 ? this.src.length : end);
        this.i = end < 0 ? this.src.length : end + 2;
        return Array.from(text, (ch) => this.literal(ch.codePointAt(0) ?? 0));
      }
      case 'A':
        this.i += 1;
        return [{ text: '(?<![\\s\\S])', unit: false }];
      case 'z':
        this.i += 1;
        return [{ text: '(?![\\s\\S])', unit: false }];
      case 'Z':
        this.i += 1;
        return [{ text: `(?=(?:${this.terminator()})?(?![\\s\\S]))`, unit: false }];
      case 'b':
      case 'B': {
        this.i += 1;
        const w = this.flags.U ? UNICODE_WORD : WORD_CHAR;
        const boundary = `(?<=${w})(?!${w})|(?<!${w})(?=${w})`;
        return [{ text: c === 'b' ? `(?:${boundary})` : `(?!${boundary})`, unit: false }];
      }
      case 'R':
        this.i += 1;
        return [{ text: '(?:\\r\\n|[\\n\\u{B}\\f\\r\\u{85}\\u{2028}\\u{2029}])', unit: true }];
      case 'k': {
        this.i += 1;
        const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(this.src.slice(this.i));
        if (m?.[1] === undefined) this.fail("\\k is not followed by '<' for named capturing group");
        const index = this.names.get(m[1]);
        if (index === undefined) this.fail(`named capturing group <${m[1]}> does not exist`);
        this.i += m[0].length;
        return [{ text: `\\k<j${String(index)}>`, unit: true }];
      }
      default:
        break;
    }
    if (c >= '1' && c <= '9') return [this.backReference()];
    const cls = this.classEscape();
    if (cls !== undefined) return [{ text: cls, unit: true }];
    return [this.literal(this.characterEscape(start))];
  }

  /** `\1`…: Java takes more digits while they name an existing group. */
  private backReference(): Atom {
    let ref = Number(this.peek());
    this.i += 1;
    while (isDigit(this.peek())) {
      const next = ref * 10 + Number(this.peek());
      if (next > this.groups) break;
      ref = next;
      this.i += 1;
    }
    // a reference to a group that never exists cannot match (Java fails it at match time)
    if (ref > this.totalGroups) return { text: '(?!)', unit: false };
    return { text: `\\k<j${String(ref)}>`, unit: true };
  }

  /** A predefined class escape (`\d`, `\p{L}`…) at `this.i` (after the backslash), or undefined. */
  private classEscape(): string | undefined {
    const c = this.peek();
    const U = this.flags.U;
    switch (c) {
      case 'd':
        this.i += 1;
        return U ? '\\p{Nd}' : '\\d';
      case 'D':
        this.i += 1;
        return U ? '\\P{Nd}' : '\\D';
      case 'w':
        this.i += 1;
        return U ? UNICODE_WORD : '\\w';
      case 'W':
        this.i += 1;
        return U ? `[^${UNICODE_WORD}]` : '\\W';
      case 's':
        this.i += 1;
        return U ? '\\p{White_Space}' : JAVA_SPACE;
      case 'S':
        this.i += 1;
        return U ? '\\P{White_Space}' : `[^${JAVA_SPACE}]`;
      case 'h':
        this.i += 1;
        return HORIZONTAL;
      case 'H':
        this.i += 1;
        return `[^${HORIZONTAL}]`;
      case 'v':
        this.i += 1;
        return VERTICAL;
      case 'V':
        this.i += 1;
        return `[^${VERTICAL}]`;
      case 'p':
      case 'P':
        return this.property();
      default:
        return undefined;
    }
  }

  private property(): string {
    const start = this.i - 1;
    const negated = this.peek() === 'P';
    this.i += 1;
    let name: string;
    if (this.peek() === '{') {
      const end = this.src.indexOf('}', this.i);
      if (end < 0) this.fail('Unclosed character family', start);
      name = this.src.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      const single = this.peek();
      if (single === undefined) this.fail('Illegal character family', start);
      name = single;
      this.i += 1;
    }
    const positive = this.propertyClass(name, start);
    return negated ? `[^${positive}]` : positive;
  }

  private propertyClass(name: string, start: number): string {
    const named = NAMED_CLASSES[name];
    if (named !== undefined) return named;
    const eq = name.indexOf('=');
    if (eq > 0) {
      const key = name.slice(0, eq).toLowerCase();
      const value = name.slice(eq + 1);
      if (key === 'gc' || key === 'general_category') return this.category(value, start);
      if (key === 'sc' || key === 'script') return `\\p{Script=${this.scriptName(value)}}`;
      this.fail(`Unsupported Unicode property {${name}}`, start);
    }
    if (name.startsWith('In')) this.fail(`Unicode blocks are not supported: {${name}}`, start);
    if (name.startsWith('Is')) {
      const rest = name.slice(2);
      if (CATEGORIES.has(rest)) return `\\p{${rest}}`;
      const binary = BINARY_PROPERTIES[rest.toLowerCase()];
      if (binary !== undefined) return `\\p{${binary}}`;
      return `\\p{Script=${this.scriptName(rest)}}`;
    }
    return this.category(name, start);
  }

  private category(name: string, start: number): string {
    if (CATEGORIES.has(name)) return `\\p{${name}}`;
    this.fail(`Unknown character property name {${name}}`, start);
  }

  /** Script names as JS knows them (`LATIN` → `Latin`). */
  private scriptName(name: string): string {
    return name
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
      .join('_');
  }

  /** A single-character escape (`\t`, `\x41`, `\u0041`, `\0101`, `\.`) at `this.i`. */
  private characterEscape(start: number): number {
    const c = this.peek() ?? '';
    this.i += 1;
    switch (c) {
      case 't':
        return 9;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'a':
        return 7;
      case 'e':
        return 27;
      case 'c': {
        const ch = this.peek();
        if (ch === undefined) this.fail('Illegal control escape sequence', start);
        this.i += 1;
        return (ch.codePointAt(0) ?? 0) ^ 64;
      }
      case '0': {
        const m = /^[0-7]{1,3}/.exec(this.src.slice(this.i));
        if (m === null) this.fail('Illegal octal escape sequence', start);
        let digits = m[0];
        if (digits.length === 3 && Number(digits[0]) > 3) digits = digits.slice(0, 2);
        this.i += digits.length;
        return parseInt(digits, 8);
      }
      case 'x': {
        if (this.peek() === '{') {
          const end = this.src.indexOf('}', this.i);
          const digits = end < 0 ? '' : this.src.slice(this.i + 1, end);
          if (!/^[0-9a-fA-F]+$/.test(digits) || parseInt(digits, 16) > 0x10ffff) {
            this.fail('Illegal hexadecimal escape sequence', start);
          }
          this.i = end + 1;
          return parseInt(digits, 16);
        }
        const digits = this.src.slice(this.i, this.i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(digits))
          this.fail('Illegal hexadecimal escape sequence', start);
        this.i += 2;
        return parseInt(digits, 16);
      }
      case 'u': {
        const digits = this.src.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('Illegal Unicode escape sequence', start);
        this.i += 4;
        const unit = parseInt(digits, 16);
        // a surrogate pair written as two \u escapes is one code point
        if (unit >= 0xd800 && unit <= 0xdbff && this.src.startsWith('\\u', this.i)) {
          const low = this.src.slice(this.i + 2, this.i + 6);
          const lowUnit = /^[0-9a-fA-F]{4}$/.test(low) ? parseInt(low, 16) : -1;
          if (lowUnit >= 0xdc00 && lowUnit <= 0xdfff) {
            this.i += 6;
            return (unit - 0xd800) * 0x400 + (lowUnit - 0xdc00) + 0x10000;
          }
        }
        return unit;
      }
      default: {
        if (/[a-zA-Z]/.test(c)) this.fail('Illegal/unsupported escape sequence', start + 1);
        this.i -= 1;
        return this.codePoint();
      }
    }
  }

  /** A Java character class `[…]` (unions, ranges, nesting, `&&`) as a v-mode class. */
  private charClass(): string {
    this.i += 1; // [
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i += 1;
    }
    const operands: string[][] = [[]];
    let first = true;
    for (;;) {
      this.skipIgnorable();
      const c = this.peek();
      if (c === undefined) this.fail('Unclosed character class', this.src.length - 1);
      const current = operands[operands.length - 1] ?? [];
      if (c === ']' && !first) {
        this.i += 1;
        break;
      }
      first = false;
      if (c === '[') {
        current.push(this.charClass());
        continue;
      }
      if (c === '&' && this.peek(1) === '&') {
        this.i += 2;
        operands.push([]);
        continue;
      }
      if (c === '\\') {
        this.i += 1;
        if (this.peek() === 'Q') {
          this.i += 1;
          const end = this.src.indexOf('\\E', this.i);
          const text = this.src.slice(this.i, end < 0 ? this.src.length : end);
          this.i = end < 0 ? this.src.length : end + 2;
          for (const ch of text) current.push(...this.classChar(ch.codePointAt(0) ?? 0));
          continue;
        }
        const cls = this.classEscape();
        if (cls !== undefined) {
          current.push(cls);
          continue;
        }
        const cp = this.characterEscape(this.i - 1);
        current.push(...this.rangeFrom(cp));
        continue;
      }
      current.push(...this.rangeFrom(this.codePoint()));
    }
    const parts = operands.filter((p) => p.length > 0);
    const body =
      parts.length <= 1
        ? (parts[0] ?? []).join('')
        : parts.map((p) => `[${p.join('')}]`).join('&&');
    if (body === '') return negate ? '[\\s\\S]' : '[]';
    return `[${negate ? '^' : ''}${body}]`;
  }

  /** A class member starting with code point `lo`: a single char or a range `lo-hi`. */
  private rangeFrom(lo: number): string[] {
    if (
      this.peek() === '-' &&
      this.peek(1) !== ']' &&
      this.peek(1) !== '[' &&
      this.peek(1) !== undefined
    ) {
      const dash = this.i;
      this.i += 1;
      let hi: number;
      if (this.peek() === '\\') {
        this.i += 1;
        if (this.classEscapeAhead()) this.fail('Illegal character range', dash);
        hi = this.characterEscape(this.i - 1);
      } else {
        hi = this.codePoint();
      }
      if (hi < lo) this.fail('Illegal character range', dash);
      return this.classRange(lo, hi);
    }
    return this.classChar(lo);
  }

  private classEscapeAhead(): boolean {
    const c = this.peek();
    return c !== undefined && 'dDwWsShHvVpP'.includes(c);
  }

  private classChar(cp: number): string[] {
    const variants = this.flags.i ? caseVariants(cp, this.flags.u || this.flags.U) : [cp];
    return variants.map(hex);
  }

  private classRange(lo: number, hi: number): string[] {
    const out = [`${hex(lo)}-${hex(hi)}`];
    if (!this.flags.i) return out;
    // ASCII letters in the range also match their other case
    for (const [a, z, shift] of [
      [65, 90, 32],
      [97, 122, -32],
    ] as const) {
      const from = Math.max(lo, a);
      const to = Math.min(hi, z);
      if (from <= to) out.push(`${hex(from + shift)}-${hex(to + shift)}`);
    }
    if ((this.flags.u || this.flags.U) && hi - lo < 4096) {
      for (let cp = Math.max(lo, 128); cp <= hi; cp += 1) {
        for (const v of caseVariants(cp, true)) if (v < lo || v > hi) out.push(hex(v));
      }
    }
    return out;
  }
}

/** Java's `Matcher.appendReplacement` template, parsed once. */
type ReplacementPart = string | { readonly group: number };

function parseReplacement(
  pattern: string,
  replacement: string,
  groupCount: number,
  names: ReadonlyMap<string, number>,
): ReplacementPart[] {
  const illegal = (description: string): JavaRegexError =>
    new JavaRegexError(`${description} in replacement '${replacement}'`, pattern, -1);
  const parts: ReplacementPart[] = [];
  let text = '';
  for (let i = 0; i < replacement.length; i += 1) {
    const c = replacement[i];
    if (c === '\\') {
      i += 1;
      if (i >= replacement.length) {
        throw illegal('character to be escaped is missing');
      }
      text += replacement.charAt(i);
    } else if (c === '$') {
      i += 1;
      if (i >= replacement.length) {
        throw illegal('Illegal group reference: group index is missing');
      }
      let group: number;
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        const name = end < 0 ? '' : replacement.slice(i + 1, end);
        if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) {
          throw illegal("named capturing group is missing trailing '}'");
        }
        const index = names.get(name);
        if (index === undefined) {
          throw illegal(`No group with name {${name}}`);
        }
        group = index;
        i = end;
      } else {
        if (!isDigit(replacement[i])) {
          throw illegal('Illegal group reference');
        }
        group = Number(replacement[i]);
        if (group > groupCount) throw illegal(`No group ${String(group)}`);
        while (isDigit(replacement[i + 1])) {
          const next = group * 10 + Number(replacement[i + 1]);
          if (next > groupCount) break;
          group = next;
          i += 1;
        }
      }
      if (text !== '') parts.push(text);
      text = '';
      parts.push({ group });
    } else {
      text += replacement.charAt(i);
    }
  }
  if (text !== '') parts.push(text);
  return parts;
}

class CompiledJavaPattern implements JavaPattern {
  readonly groupCount: number;
  private readonly global: RegExp;
  private readonly whole: RegExp;
  private readonly prefix: RegExp;
  private readonly names: ReadonlyMap<string, number>;
  private readonly replacements = new Map<string, ReplacementPart[]>();

  constructor(readonly pattern: string) {
    const translator = new Translator(pattern);
    const source = translator.translate();
    this.groupCount = translator.groupCount;
    this.names = translator.names;
    try {
      this.global = new RegExp(source, 'gv');
      this.whole = new RegExp(`(?:${source})(?![\\s\\S])`, 'yv');
      this.prefix = new RegExp(`(?:${source})`, 'yv');
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new JavaRegexError(`Unsupported regex construct (${detail})`, pattern, -1);
    }
  }

  find(input: string, from = 0): JavaMatch | null {
    if (from < 0 || from > input.length) {
      throw new RangeError(
        `Illegal start index ${String(from)} for an input of ${String(input.length)}`,
      );
    }
    this.global.lastIndex = from;
    return this.wrap(this.global.exec(input));
  }

  matches(input: string): JavaMatch | null {
    this.whole.lastIndex = 0;
    return this.wrap(this.whole.exec(input));
  }

  lookingAt(input: string): JavaMatch | null {
    this.prefix.lastIndex = 0;
    return this.wrap(this.prefix.exec(input));
  }

  replaceAll(input: string, replacement: string): string {
    return this.replace(input, replacement, Infinity);
  }

  replaceFirst(input: string, replacement: string): string {
    return this.replace(input, replacement, 1);
  }

  split(input: string, limit = 0): string[] {
    const list: string[] = [];
    let index = 0;
    const limited = limit > 0;
    for (const match of this.all(input)) {
      if (!limited || list.length < limit - 1) {
        // a zero-width match at the beginning never produces an empty leading substring
        if (index === 0 && match.start === 0 && match.end === 0) continue;
        list.push(input.slice(index, match.start));
        index = match.end;
      } else {
        break;
      }
    }
    if (index === 0) return [input];
    if (!limited || list.length < limit) list.push(input.slice(index));
    if (limit === 0) {
      while (list.length > 0 && list[list.length - 1] === '') list.pop();
    }
    return list;
  }

  private replace(input: string, replacement: string, max: number): string {
    let out = '';
    let last = 0;
    let count = 0;
    let parts: ReplacementPart[] | undefined;
    for (const match of this.all(input)) {
      if (count >= max) break;
      count += 1;
      // Java parses the replacement only when there is a match to replace
      parts ??= this.replacementParts(replacement);
      out += input.slice(last, match.start);
      for (const part of parts) {
        out += typeof part === 'string' ? part : (match.group(part.group) ?? '');
      }
      last = match.end;
    }
    return count === 0 ? input : out + input.slice(last);
  }

  private replacementParts(replacement: string): ReplacementPart[] {
    let parts = this.replacements.get(replacement);
    if (parts === undefined) {
      parts = parseReplacement(this.pattern, replacement, this.groupCount, this.names);
      if (this.replacements.size < 64) this.replacements.set(replacement, parts);
    }
    return parts;
  }

  /** Java's successive `find()`s: after an empty match the search moves one char on. */
  private *all(input: string): Generator<JavaMatch> {
    let from = 0;
    while (from <= input.length) {
      this.global.lastIndex = from;
      const match = this.wrap(this.global.exec(input));
      if (match === null) return;
      yield match;
      from = match.end === match.start ? match.end + 1 : match.end;
    }
  }

  private wrap(m: RegExpExecArray | null): JavaMatch | null {
    if (m === null) return null;
    const groupCount = this.groupCount;
    const start = m.index;
    const whole = m[0];
    const groups = m.groups;
    return {
      start,
      end: start + whole.length,
      group(n: number): string | null {
        if (!Number.isInteger(n) || n < 0 || n > groupCount)
          throw new RangeError(`No group ${String(n)}`);
        if (n === 0) return whole;
        return groups?.[`j${String(n)}`] ?? null;
      },
    };
  }
}

const cache = new Map<string, JavaPattern>();
const CACHE_LIMIT = 256;

/**
 * Compiles a Java regular expression (`java.util.regex.Pattern` syntax: `\Q…\E`, possessive
 * and atomic groups, `(?i)`/`(?s)`/`(?m)`/`(?x)` flags, `[a-z&&[^e]]`, `\p{Alpha}`, Java's
 * line terminators and ASCII case folding). Throws `JavaRegexError` like Java's
 * `PatternSyntaxException`. Patterns are cached, so per-event compilation is cheap.
 * @example
 * compileJavaPattern('^WSO2(.*)').find('WSO2D efghiJ')?.group(1); // 'D efghiJ'
 */
export function compileJavaPattern(pattern: string): JavaPattern {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = new CompiledJavaPattern(pattern);
    if (cache.size >= CACHE_LIMIT) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(pattern, compiled);
  }
  return compiled;
}
