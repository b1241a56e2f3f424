// Tests of reading a plugin's package.json and of the engine-range check.

import { describe, expect, it } from 'vitest';
import { engineIncompatibility, readPluginPackageJson } from './plugin-manifest.js';

describe('readPluginPackageJson', () => {
  it('reads the tributary field, with defaults for export and requiresServer', () => {
    const read = readPluginPackageJson({
      name: 'tributary-plugin-x',
      version: '1.0.0',
      description: 'X',
      tributary: { engine: '^0.1.0' },
    });
    expect(read).toEqual({
      ok: true,
      pkg: {
        name: 'tributary-plugin-x',
        version: '1.0.0',
        description: 'X',
        manifest: { engine: '^0.1.0', export: 'extensions', requiresServer: false },
      },
    });
  });

  it('says why a package is not a plugin', () => {
    const reason = (json: unknown): string => {
      const read = readPluginPackageJson(json);
      return read.ok ? 'ok' : read.reason;
    };
    expect(reason([])).toBe('its package.json is not a JSON object');
    expect(reason({ version: '1.0.0' })).toBe('its package.json has no name');
    expect(reason({ name: 'p', version: 'one' })).toBe(
      "its package.json version 'one' is not semver",
    );
    expect(reason({ name: 'p', version: '1.0.0' })).toMatch(/^it is not a Tributary plugin/);
    expect(reason({ name: 'p', version: '1.0.0', tributary: { engine: 'soon' } })).toBe(
      "its `tributary.engine` 'soon' is not a semver range of engine versions",
    );
    expect(
      reason({ name: 'p', version: '1.0.0', tributary: { engine: '*', export: 'not-a-name' } }),
    ).toBe("its `tributary.export` 'not-a-name' is not an export name");
    expect(
      reason({ name: 'p', version: '1.0.0', tributary: { engine: '*', requiresServer: 'yes' } }),
    ).toBe('its `tributary.requiresServer` must be true or false');
  });
});

describe('engineIncompatibility', () => {
  it('accepts engines in the range, prereleases included', () => {
    expect(engineIncompatibility('^0.1.0', '0.1.7')).toBeUndefined();
    expect(engineIncompatibility('>=0.1.0 <0.3.0', '0.2.0-rc.1')).toBeUndefined();
  });

  it('names the range, the engine and the fix otherwise', () => {
    expect(engineIncompatibility('^0.1.0', '0.2.0')).toBe(
      'it needs engine ^0.1.0, this is 0.2.0; install a version of the plugin built for engine 0.2.0',
    );
  });
});
