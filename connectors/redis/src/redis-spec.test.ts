// Every example of the redis specs creates an app (options parsed, connections created; nothing
// connects), and options that cannot work are refused when the app is created.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { extensions as jsonMapperList } from '@tributary/mapper-json';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import { connectionFailure, openRedisClient, redact } from './redis-connection.js';

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-redis', version: '0.1.0', extensions },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonMapperList },
  ),
});

function problems(text: string): string[] {
  const created = engine.createApp(text);
  return created.ok ? [] : created.diagnostics.map((d) => `${d.code}: ${d.message}`);
}

describe('redis spec examples', () => {
  const examples = extensions.flatMap((e) =>
    e.spec.examples.map((x) => [`${e.kind} ${e.spec.name}: ${x.description}`, x.siddhi] as const),
  );
  it.each(examples)('%s', (_name, siddhi) => {
    expect(problems(siddhi)).toEqual([]);
  });
});

describe('redis options checked when the app is created', () => {
  it('needs a channel or a pattern to subscribe to', () => {
    expect(problems("@source(type='redis', @map(type='json')) define stream S (a int);")).toEqual([
      expect.stringMatching(/give the channels \(channel\) or channel patterns/),
    ]);
  });

  it('refuses URLs that are not redis URLs, without showing their password', () => {
    expect(
      problems(
        "@sink(type='redis', url='http://u:pw@h', channel='c', @map(type='json')) define stream S (a int);",
      ),
    ).toEqual([
      expect.stringMatching(/url 'http:\/\/u:\*\*\*@h' must be a redis:\/\/ or rediss:\/\/ URL/),
    ]);
    expect(redact('redis://:secret@h:6379')).toBe('redis://:***@h:6379');
  });

  it('lets only the sink channel name attributes', () => {
    expect(
      problems(
        "@source(type='redis', channel='{{a}}', @map(type='json')) define stream S (a int);",
      ),
    ).toEqual([expect.stringMatching(/E_OPTION_NOT_DYNAMIC/)]);
  });
});

describe('redis connection errors', () => {
  it('retries everything but refused credentials', () => {
    expect(connectionFailure(new Error('connect ECONNREFUSED'), 'h')).toBeInstanceOf(
      ConnectionUnavailableError,
    );
    expect(
      connectionFailure(new Error('WRONGPASS invalid username-password pair'), 'h'),
    ).not.toBeInstanceOf(ConnectionUnavailableError);
  });

  it('reports a server nobody runs as unavailable', async () => {
    await expect(
      openRedisClient(
        {
          url: 'redis://127.0.0.1:1',
          username: undefined,
          password: undefined,
          'client.name': undefined,
          'connection.timeout': 2,
        },
        'here',
      ),
    ).rejects.toBeInstanceOf(ConnectionUnavailableError);
  });
});
