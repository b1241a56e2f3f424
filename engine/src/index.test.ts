// Proves the test pipeline end to end: the public entry loads from source and exposes a semver version.
import { describe, expect, it } from 'vitest';
import { version } from '@tributary/engine';

describe('@tributary/engine entry', () => {
  it('exports a semver version string', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/);
  });
});
