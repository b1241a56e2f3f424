import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPath } from './file-uri.js';

describe('localPath', () => {
  it('reads file URIs and plain paths', () => {
    expect(localPath('file:///var/tmp/a b.csv', 'file.uri')).toBe('/var/tmp/a b.csv');
    expect(localPath('file:/var/tmp', 'dir.uri')).toBe('/var/tmp');
    expect(localPath('file://localhost/var/x', 'dir.uri')).toBe('/var/x');
    expect(localPath('file:///var/a%20b', 'dir.uri')).toBe('/var/a b');
    expect(localPath('/abc/x.txt', 'file.uri')).toBe('/abc/x.txt');
    expect(localPath('file://abc/xyz', 'dir.uri')).toBe(path.resolve('abc/xyz'));
  });

  it('rejects remote schemes and empty values', () => {
    expect(() => localPath('sftp://host/x', 'dir.uri')).toThrow(/'sftp' scheme/);
    expect(() => localPath(' ', 'file.uri')).toThrow(/file.uri is empty/);
    expect(() => localPath('file:///%E0%A4%A', 'file.uri')).toThrow(/malformed/);
  });
});
