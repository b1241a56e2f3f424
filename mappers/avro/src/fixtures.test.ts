// Golden payload fixtures of the avro mappers (src/__fixtures__/avro/
// {source,sink}/*.json): payloads in → events or errors out, events in → payloads out.

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

for (const mapper of ['avro']) {
  describe(`${mapper} source fixtures`, () => {
    const fixtures = loadSourceFixtures(join(root, mapper, 'source'));
    it('has fixtures', () => {
      expect(fixtures.length).toBeGreaterThan(5);
    });
    for (const { name, fixture } of fixtures) {
      it(`${name}: ${fixture.description}`, () => {
        expect(checkSourceFixture(extensions, fixture)).toEqual([]);
      });
    }
  });
  describe(`${mapper} sink fixtures`, () => {
    const fixtures = loadSinkFixtures(join(root, mapper, 'sink'));
    it('has fixtures', () => {
      expect(fixtures.length).toBeGreaterThan(1);
    });
    for (const { name, fixture } of fixtures) {
      it(`${name}: ${fixture.description}`, () => {
        expect(checkSinkFixture(extensions, fixture)).toEqual([]);
      });
    }
  });
}
