// Cross-package check: the CLI package and the engine resolve from their sources (no build needed)
// and agree on the version the CLI reports.
import { describe, expect, it } from 'vitest';
import { version } from '@tributary/engine';
import { usage } from '@tributary/cli';

describe('cli and engine from source', () => {
  it('reports the engine version in the usage text', () => {
    expect(usage.startsWith(`tributary ${version}`)).toBe(true);
  });
});
