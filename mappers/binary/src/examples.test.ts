// Every example of every spec is a full app that compiles against the built-ins plus this
// package, and its mapper can be created from it.

import { builtinExtensions, compile } from '@tributary/engine';
import { createRegistry } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';
import { sinkMapperFor, sourceMapperFor } from './mapper-harness.test-support.js';

const registry = createRegistry(builtinExtensions, {
  package: '@tributary/mapper-binary',
  version: '0.1.0',
  extensions,
});

describe('spec examples', () => {
  for (const extension of extensions) {
    if (extension.kind !== 'sourceMapper' && extension.kind !== 'sinkMapper') continue;
    const { spec } = extension;
    it(`${extension.kind} '${spec.name}' has a summary, described parameters and examples`, () => {
      expect(spec.summary.length).toBeGreaterThan(10);
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const p of Object.values(spec.parameters))
        expect(p.description.length).toBeGreaterThan(10);
    });
    spec.examples.forEach((example, i) => {
      it(`${extension.kind} '${spec.name}' example ${String(i + 1)} compiles and creates its mapper`, () => {
        const result = compile(example.siddhi, { catalog: registry.catalog });
        expect(result.diagnostics).toEqual([]);
        expect(result.ok).toBe(true);
        const create = extension.kind === 'sourceMapper' ? sourceMapperFor : sinkMapperFor;
        expect(create(extensions, example.siddhi)).toBeDefined();
      });
    });
  }
});
