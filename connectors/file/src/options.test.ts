// The file extensions' option checks: every combination Siddhi rejects is a diagnostic at app
// creation, naming what to change.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as textMappers } from '@tributary/mapper-text';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-file', version: '0.1.0', extensions },
    { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
  ),
});

function problems(source: string, stream = 'define stream S (a string, b double);'): string {
  const created = engine.createApp(`${source}\n${stream}`);
  if (created.ok) {
    void created.app.shutdown();
    return '';
  }
  return created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
}

describe('file source options', () => {
  it.each([
    ["@source(type='file', @map(type='csv'))", /exactly one of dir.uri and file.uri/],
    [
      "@source(type='file', dir.uri='/a', file.uri='/a/b', @map(type='csv'))",
      /exactly one of dir.uri and file.uri/,
    ],
    ["@source(type='file', file.uri='/a/b', mode='text.full')", /tailing .* 'text.full' mode/],
    [
      "@source(type='file', file.uri='/a/b', mode='binary.chunked', @map(type='csv'))",
      /tailing='false'/,
    ],
    [
      "@source(type='file', file.uri='/a/b', move.after.process='/x', @map(type='csv'))",
      /move.after.process cannot be used with tailing/,
    ],
    [
      "@source(type='file', file.uri='/a/b', tailing='false', move.after.process='/x', @map(type='csv'))",
      /only used with action.after.process='move'/,
    ],
    [
      "@source(type='file', file.uri='/a/b', tailing='false', action.after.process='move', @map(type='csv'))",
      /action.after.process='move' needs move.after.process/,
    ],
    [
      "@source(type='file', file.uri='/a/b', skip.trailer='true', @map(type='csv'))",
      /need tailing='false'/,
    ],
    [
      "@source(type='file', file.uri='/a/b', file.name.pattern='.*', @map(type='csv'))",
      /applies to dir.uri only/,
    ],
    [
      "@source(type='file', dir.uri='/a', cron.expression='*/5 * * * * ?', @map(type='csv'))",
      /cron.expression is not supported/,
    ],
    ["@source(type='file', dir.uri='ftp://h/a', @map(type='csv'))", /'ftp' scheme/],
    ["@source(type='file', dir.uri='/a', file.name.pattern='([', @map(type='csv'))", /regex/],
    ["@source(type='file', dir.uri='/a', mode='lines', @map(type='csv'))", /E_INVALID_OPTION/],
    ["@source(type='file', dir.uri='/a', tailng='false', @map(type='csv'))", /E_UNKNOWN_OPTION/],
  ])('%s is rejected', (source, expected) => {
    expect(problems(source)).toMatch(expected);
  });

  it('accepts Siddhi spellings: upper-case enums, ms intervals, regex mode without a regex', () => {
    expect(
      problems(
        "@source(type='file', dir.uri='file:/tmp/in', mode='REGEX', tailing='false', action.after.process='MOVE', move.after.process='file:/tmp/done', dir.polling.interval='2000', @map(type='csv'))",
      ),
    ).toBe('');
  });
});

describe('fileeventlistener and file sink options', () => {
  it('the listener needs dir.uri and a three-attribute stream', () => {
    expect(problems("@source(type='fileeventlistener')")).toMatch(/E_MISSING_OPTION/);
    expect(problems("@source(type='fileeventlistener', dir.uri='/tmp')")).toMatch(
      /three attributes/,
    );
  });

  it('the sink needs file.uri; only file.uri is dynamic', () => {
    expect(problems("@sink(type='file', @map(type='csv'))")).toMatch(/E_MISSING_OPTION/);
    expect(
      problems("@sink(type='file', file.uri='/x/{{a}}', append='{{a}}', @map(type='csv'))"),
    ).toMatch(/E_OPTION_NOT_DYNAMIC/);
    expect(problems("@sink(type='file', file.uri='sftp://h/x', @map(type='csv'))")).toMatch(
      /'sftp' scheme/,
    );
  });
});
