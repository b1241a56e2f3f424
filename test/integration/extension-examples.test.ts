// Every example in every spec compiles: the built-ins and every bundled plugin package, checked
// against the full registry (an example may use another package's extensions, e.g. a mapper in
// a connector's example). Also: every bundled package passes the registry's checks.

import { describe, expect, it } from 'vitest';
import { compile, formatDiagnostics } from '@tributary/engine';
import { describeExtension, loadPlugins } from '@tributary/cli';

const { registry, refused, loaded } = await loadPlugins({});

const cases = registry.extensions.flatMap((extension) => {
  const doc = describeExtension(extension);
  return doc.examples.map((example, i) => ({
    label: `${doc.package} ${doc.kind} ${doc.qualifiedName} example ${String(i + 1)}`,
    siddhi: example.siddhi,
  }));
});

describe('extension examples', () => {
  it('loads every bundled plugin package', () => {
    expect(refused).toEqual([]);
    expect(loaded.filter((p) => p.distribution === 'builtin')).toHaveLength(1);
  });

  it.each(cases)('$label compiles', ({ siddhi }) => {
    const { diagnostics } = compile(siddhi, { catalog: registry.catalog });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length === 0 ? '' : formatDiagnostics(errors, siddhi, { color: false })).toBe('');
  });
});
