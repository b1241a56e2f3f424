// Test support for the command modules: an in-memory CommandIo and temp .siddhi files.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIo } from './command-io.js';

export interface CapturedIo extends CommandIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** Collects what a command prints, one line per call, without colours. */
export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    color: false,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

/** Writes `text` to a fresh temp folder as `name`; returns the path. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tributary-cli-')), name);
  writeFileSync(path, text);
  return path;
}

export const VALID_APP = `@app:name('Valid')
define stream S (symbol string, price double);
from S[price > 10.0] select symbol, price insert into Out;
`;

export const INVALID_APP = `define stream S (symbol string, price double);
from Stocks select symbol insert into Out;
`;
