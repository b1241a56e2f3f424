// Golden payload fixtures of the protobuf mappers (src/__fixtures__/protobuf/{source,sink}/
// *.json, messages from src/__fixtures__/protobuf/sample.proto; `$FIXTURES` in an app is that
// folder): payloads in → events or errors out, events in → payloads out.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import {
  checkSinkFixture,
  checkSourceFixture,
  loadSinkFixtures,
  loadSourceFixtures,
} from './mapper-harness.test-support.js';

const root = join(import.meta.dirname, '__fixtures__');
const here = <F extends { readonly app: string }>(f: F): F => ({
  ...f,
  app: f.app.replaceAll('$FIXTURES', root),
});

describe('protobuf source fixtures', () => {
  const fixtures = loadSourceFixtures(join(root, 'protobuf', 'source'));
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });
  for (const { name, fixture } of fixtures) {
    it(`${name}: ${fixture.description}`, () => {
      expect(checkSourceFixture(extensions, here(fixture))).toEqual([]);
    });
  }
});

describe('protobuf sink fixtures', () => {
  const fixtures = loadSinkFixtures(join(root, 'protobuf', 'sink'));
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });
  for (const { name, fixture } of fixtures) {
    it(`${name}: ${fixture.description}`, () => {
      expect(checkSinkFixture(extensions, here(fixture))).toEqual([]);
    });
  }
});
