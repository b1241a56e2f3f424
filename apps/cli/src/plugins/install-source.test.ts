// Tests of classifying install specs and of reading package.json from an npm tarball.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { installSource, readTarballPackageJson, registrySpecName } from './install-source.js';

/** A ustar archive of `files` (path → text), as `npm pack` makes them. */
function tarball(files: Readonly<Record<string, string>>): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(path, 0, 100);
    header.write('0000644\0', 100);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const temps: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-install-source-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('readTarballPackageJson', () => {
  it('finds the top folder package.json after other entries', () => {
    const path = join(temp(), 'p.tgz');
    writeFileSync(
      path,
      tarball({
        'package/README.md': 'x'.repeat(700),
        'package/lib/package.json': '{"name":"nested"}',
        'package/package.json': '{"name":"p","version":"1.0.0"}',
      }),
    );
    expect(readTarballPackageJson(path)).toEqual({ name: 'p', version: '1.0.0' });
  });

  it('is undefined for an archive without one', () => {
    const path = join(temp(), 'q.tgz');
    writeFileSync(path, tarball({ 'package/index.js': '' }));
    expect(readTarballPackageJson(path)).toBeUndefined();
  });
});

describe('installSource', () => {
  it('classifies folders, tarballs and registry specs', () => {
    const dir = temp();
    mkdirSync(join(dir, 'plugin'));
    writeFileSync(join(dir, 'plugin', 'package.json'), '{"name":"f"}');
    writeFileSync(join(dir, 't.tgz'), tarball({ 'package/package.json': '{"name":"t"}' }));
    expect(installSource('plugin', dir)).toEqual({
      kind: 'folder',
      path: join(dir, 'plugin'),
      packageJson: { name: 'f' },
    });
    expect(installSource('t.tgz', dir)).toEqual({
      kind: 'tarball',
      path: join(dir, 't.tgz'),
      packageJson: { name: 't' },
    });
    expect(installSource('tributary-plugin-x@^2', dir)).toEqual({
      kind: 'registry',
      spec: 'tributary-plugin-x@^2',
      name: 'tributary-plugin-x',
    });
  });

  it('reads package names from registry specs', () => {
    expect(registrySpecName('acme')).toBe('acme');
    expect(registrySpecName('@acme/tributary-x@1.2.3')).toBe('@acme/tributary-x');
    expect(registrySpecName('git+https://example.com/x.git')).toBeUndefined();
  });
});
