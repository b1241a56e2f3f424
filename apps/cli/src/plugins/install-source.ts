// What `tributary plugins install <spec>` was given: a folder, a tarball (`npm pack` output) or
// a registry name. For folders and tarballs the package.json is read first, so an incompatible
// plugin is refused before anything is installed.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export type InstallSource =
  | { readonly kind: 'folder' | 'tarball'; readonly path: string; readonly packageJson: unknown }
  | { readonly kind: 'registry'; readonly spec: string; readonly name?: string };

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length).toString('utf8');
  const end = raw.indexOf('\0');
  return end === -1 ? raw : raw.slice(0, end);
}

/**
 * The `package.json` inside an npm tarball (a gzipped tar whose single top folder, usually
 * `package/`, holds the package), parsed; `undefined` when there is none.
 * @example
 * readTarballPackageJson('hello-1.0.0.tgz') // { name: 'hello', version: '1.0.0', … }
 */
export function readTarballPackageJson(path: string): unknown {
  const tar = gunzipSync(readFileSync(path));
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    const name = field(header, 0, 100);
    if (name === '') return undefined;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const prefix = field(header, 345, 155);
    const full = prefix === '' ? name : `${prefix}/${name}`;
    const type = field(header, 156, 1);
    const body = offset + 512;
    if ((type === '0' || type === '') && /^[^/]+\/package\.json$/.test(full)) {
      return JSON.parse(tar.subarray(body, body + size).toString('utf8')) as unknown;
    }
    offset = body + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

/** The package name of a registry spec (`name`, `name@1.2`, `@scope/name@^1`), if it has one. */
export function registrySpecName(spec: string): string | undefined {
  const match = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:@.*)?$/i.exec(spec);
  return match?.[1];
}

/**
 * Classifies an install spec; paths are made absolute (npm resolves them from the plugins folder).
 * @example
 * installSource('./hello-1.0.0.tgz') // { kind: 'tarball', path: '/abs/hello-1.0.0.tgz', packageJson: {…} }
 * installSource('tributary-plugin-acme@^1') // { kind: 'registry', spec: '…', name: 'tributary-plugin-acme' }
 */
export function installSource(spec: string, cwd: string = process.cwd()): InstallSource {
  const path = resolve(cwd, spec);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      const json = resolve(path, 'package.json');
      const packageJson = existsSync(json)
        ? (JSON.parse(readFileSync(json, 'utf8')) as unknown)
        : undefined;
      return { kind: 'folder', path, packageJson };
    }
    return { kind: 'tarball', path, packageJson: readTarballPackageJson(path) };
  }
  const name = registrySpecName(spec);
  return { kind: 'registry', spec, ...(name === undefined ? {} : { name }) };
}
