// parseOptions: typed values, defaults, system values, dynamic keys and every problem at once.

import { describe, expect, it } from 'vitest';
import { parseApp } from '../compiler/parse.js';
import type { Annotation } from '../query-api/index.js';
import { param } from './param.js';
import {
  optionParameterSpecs,
  optionParamsOf,
  parseOptions,
  parseOptionValue,
} from './parse-options.js';

const params = {
  'topic.list': param.list(param.string({ description: 'topic' }), { description: 'topics' }),
  'group.id': param.string({ description: 'consumer group' }),
  'poll.interval': param.time({ description: 'poll', optional: true, default: '1 sec' }),
  threads: param.int({ description: 'threads', optional: true, default: 1 }),
  offset: param.long({ description: 'offset', optional: true }),
  ratio: param.double({ description: 'ratio', optional: true }),
  'auto.commit': param.bool({ description: 'commit', optional: true, default: true }),
  'on.mode': param.enum(['LOG', 'WAIT'], { description: 'mode', optional: true, default: 'LOG' }),
  topic: param.string({ description: 'topic', optional: true, dynamic: true }),
};

function sourceOf(elements: string): Annotation {
  const parsed = parseApp(`@source(type='kafka', ${elements}) define stream S (a int);`);
  const def = parsed.app?.definitions[0];
  const annotation = def?.annotations[0];
  if (annotation === undefined) throw new Error(`does not parse: ${elements}`);
  return annotation;
}

const where = { extension: "source 'kafka'" };

describe('parseOptions', () => {
  it('parses typed values and applies defaults', () => {
    const r = parseOptions(
      params,
      sourceOf(
        "topic.list='a, b', group.id='g', threads='4', offset='12', ratio='0.5', on.mode='wait'",
      ),
      where,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options).toEqual({
      'topic.list': ['a', 'b'],
      'group.id': 'g',
      threads: 4,
      offset: 12,
      ratio: 0.5,
      'on.mode': 'WAIT',
      'poll.interval': 1000,
      'auto.commit': true,
    });
    expect(r.dynamic).toEqual([]);
  });

  it('reports every problem at once, each at its element', () => {
    const annotation = sourceOf(
      "topic.lst='a', threads='x', auto.commit='maybe', poll.interval='soon', on.mode='STOP'",
    );
    const r = parseOptions(params, annotation, where);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.code)).toEqual([
      'E_UNKNOWN_OPTION',
      'E_INVALID_OPTION',
      'E_INVALID_OPTION',
      'E_INVALID_OPTION',
      'E_INVALID_OPTION',
      'E_MISSING_OPTION',
      'E_MISSING_OPTION',
    ]);
    const [unknown, threads] = r.problems;
    expect(unknown?.message).toBe("source 'kafka' has no option 'topic.lst'");
    expect(unknown?.hint).toBe("did you mean 'topic.list'?");
    expect(unknown?.span).toEqual(annotation.elements[1]?.span);
    expect(threads?.message).toBe("source 'kafka': option 'threads' must be an int, found 'x'");
    expect(r.problems[4]?.message).toContain('one of LOG, WAIT');
    expect(r.problems[5]?.message).toBe("source 'kafka' needs the option 'topic.list'");
    expect(r.problems[5]?.span).toEqual(annotation.span);
  });

  it('catches case slips with did-you-mean but compares keys case-sensitively', () => {
    const r = parseOptions(params, sourceOf("Topic.List='a', group.id='g'"), where);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.hint).toBe("did you mean 'topic.list'?");
  });

  it('lists the options when nothing is close', () => {
    const r = parseOptions(
      { a: param.string({ description: 'a' }) },
      sourceOf("zzzzzz='1', a='x'"),
      where,
    );
    expect(!r.ok && r.problems[0]?.hint).toBe('options: a');
  });

  it('keeps templates of dynamic keys and rejects them elsewhere', () => {
    const ok = parseOptions(
      params,
      sourceOf("topic.list='a', group.id='g', topic='t-{{a}}'"),
      where,
    );
    expect(ok.ok && ok.dynamic).toEqual(['topic']);
    expect(ok.ok && ok.options.topic).toBe('t-{{a}}');
    const bad = parseOptions(params, sourceOf("topic.list='a', group.id='{{a}}'"), where);
    expect(!bad.ok && bad.problems.map((p) => p.code)).toEqual(['E_OPTION_NOT_DYNAMIC']);
  });

  it('puts system values under user values and over defaults', () => {
    const r = parseOptions(params, sourceOf("topic.list='a', threads='3'"), where, {
      'group.id': 'from-config',
      threads: '8',
      'poll.interval': '5 sec',
    });
    expect(r.ok && r.options).toMatchObject({
      'group.id': 'from-config',
      threads: 3,
      'poll.interval': 5000,
    });
  });

  it('skips type, reserved keys and nested annotations', () => {
    const annotation = sourceOf(
      "on.error='LOG', topic.list='a', group.id='g', @map(type='json', x='1')",
    );
    expect(parseOptions(params, annotation, { ...where, reserved: ['on.error'] }).ok).toBe(true);
    expect(parseOptions(params, annotation, where).ok).toBe(false);
  });

  it('reports a key given twice and a value without a key', () => {
    const r = parseOptions(
      params,
      sourceOf("topic.list='a', group.id='g', group.id='h', 'loose'"),
      where,
    );
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual([
      'E_DUPLICATE_OPTION',
      'E_OPTION_WITHOUT_KEY',
    ]);
  });
});

describe('parseOptionValue', () => {
  it('reads times, longs with L and secret values without echoing them', () => {
    expect(parseOptionValue(param.time({ description: 't' }), '250')).toEqual({
      ok: true,
      value: 250,
    });
    expect(parseOptionValue(param.time({ description: 't' }), '2 min')).toEqual({
      ok: true,
      value: 120000,
    });
    expect(parseOptionValue(param.long({ description: 'l' }), '5L')).toEqual({
      ok: true,
      value: 5,
    });
    expect(parseOptionValue(param.int({ description: 'i' }), '3000000000').ok).toBe(false);
    const secret = parseOptionValue(param.int({ description: 'p', secret: true }), 'hunter2');
    expect(!secret.ok && secret.detail).toBe('must be an int');
  });
});

describe('catalog round trip', () => {
  it('carries options through ParameterSpecs', () => {
    const specs = optionParameterSpecs(params);
    expect(specs.find((s) => s.name === 'threads')).toMatchObject({
      types: ['int'],
      optional: true,
    });
    const back = optionParamsOf({
      kind: 'source',
      namespace: '',
      name: 'k',
      summary: 's',
      overloads: [],
      parameters: specs,
    });
    expect(back['poll.interval']).toBe(params['poll.interval']);
  });
});
