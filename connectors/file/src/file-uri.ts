// Siddhi's file options name files by URI (`file:/var/tmp`, `file:///var/tmp/a.csv`, or a plain
// path); this turns them into local paths. Other VFS schemes (ftp, sftp, smb…) are not served.

import path from 'node:path';

/** A `file.uri`/`dir.uri` value that is not a local file URI or path. */
export class FileUriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileUriError';
  }
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The local path a Siddhi file URI names, resolved against the working directory.
 * @example
 * localPath('file:///var/tmp/a.csv', 'file.uri') // '/var/tmp/a.csv'
 * localPath('file:/var/tmp', 'dir.uri')           // '/var/tmp'
 * localPath('/abc/x.txt', 'file.uri')             // '/abc/x.txt'
 */
export function localPath(uri: string, option: string): string {
  const trimmed = uri.trim();
  if (trimmed === '') throw new FileUriError(`${option} is empty`);
  const scheme = SCHEME.exec(trimmed);
  // A Windows drive letter (`C:\x`) is a path, not a scheme.
  if (scheme === null || (scheme[1]?.length === 1 && /^[a-z]:[\\/]/i.test(trimmed))) {
    return path.resolve(trimmed);
  }
  if (scheme[1]?.toLowerCase() !== 'file') {
    throw new FileUriError(
      `${option} '${uri}' uses the '${scheme[1] ?? ''}' scheme; only local files ('file:' URIs or paths) are supported`,
    );
  }
  let rest = trimmed.slice(scheme[0].length);
  // `file:///abs` and `file://localhost/abs` name /abs; `file://abc/xyz` (Siddhi's own
  // examples) names the relative path abc/xyz.
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    if (rest.startsWith('localhost/')) rest = rest.slice('localhost'.length);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw new FileUriError(`${option} '${uri}' holds a malformed %-escape`);
  }
  if (decoded === '') throw new FileUriError(`${option} '${uri}' names no path`);
  return path.resolve(decoded);
}
