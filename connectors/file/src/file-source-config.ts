// The `file` source's options as Siddhi names them, and their checked, resolved form: which
// files to read, how to split them, what to do with them afterwards. Every combination Siddhi
// rejects at app creation is rejected here too, with a message saying what to change.

import {
  compileJavaPattern,
  param,
  type JavaPattern,
  type OptionsOf,
} from '@tributary/engine/extension-api';
import path from 'node:path';
import type { AfterAction } from './after-process.js';
import { localPath } from './file-uri.js';
import type { FileMode } from './record-splitter.js';

const MODES = ['line', 'regex', 'text.full', 'binary.full', 'binary.chunked'] as const;
const ACTIONS = ['delete', 'move'] as const;

const COMPATIBILITY =
  'Accepted so Siddhi apps port unchanged; it has no effect here (files are read as they ' +
  'change, and only local files are supported).';

/** The `file` source's parameters, verbatim from Siddhi. */
export const fileSourceParameters = {
  'dir.uri': param.string({
    description:
      'The directory whose files are read (`file:/var/in`, `file:///var/in` or a path). Give ' +
      'either `dir.uri` or `file.uri`.',
    optional: true,
  }),
  'file.uri': param.string({
    description: 'The one file to read (`file:/var/in/a.csv` or a path).',
    optional: true,
  }),
  mode: param.enum(MODES, {
    description:
      '`line`: one event per line; `regex`: one event per text between `begin.regex` and ' +
      '`end.regex`; `text.full`: the whole file as one text; `binary.full`: the whole file ' +
      'as bytes; `binary.chunked`: the file as byte chunks of `buffer.size`.',
    optional: true,
    default: 'line',
  }),
  tailing: param.bool({
    description:
      'Follow the file(s) and emit what is appended (line and regex modes). Set it to false ' +
      'for the other modes, and to read files once and then delete or move them.',
    optional: true,
    default: true,
  }),
  'action.after.process': param.enum(ACTIONS, {
    description:
      'Without tailing: what to do with a file once all its events were processed — `delete` ' +
      'it or `move` it to `move.after.process`.',
    optional: true,
    default: 'delete',
  }),
  'action.after.failure': param.enum(ACTIONS, {
    description:
      'Without tailing: what to do with a file that could not be read — `delete` it or `move` ' +
      'it to `move.after.failure`.',
    optional: true,
    default: 'delete',
  }),
  'move.after.process': param.string({
    description:
      'Where processed files go with `action.after.process=move`: a file path for `file.uri`, ' +
      'a directory for `dir.uri` (created when missing).',
    optional: true,
  }),
  'move.if.exist.mode': param.enum(['overwrite', 'keep'], {
    description:
      'When a moved file meets an existing one: `overwrite` it, or `keep` both (the moved ' +
      'file gets a UUID added to its name). Default: overwrite.',
    optional: true,
  }),
  'move.after.failure': param.string({
    description: 'Where unreadable files go with `action.after.failure=move`.',
    optional: true,
  }),
  'begin.regex': param.string({
    description: '`regex` mode: the (Java) regex that starts a record.',
    optional: true,
  }),
  'end.regex': param.string({
    description: '`regex` mode: the (Java) regex that ends a record.',
    optional: true,
  }),
  'file.polling.interval': param.time({
    description:
      'How often a tailed file (or a `file.uri` waiting to appear) is checked besides file ' +
      'system notifications, in ms.',
    optional: true,
    default: '1000',
  }),
  'dir.polling.interval': param.time({
    description: 'How often the directory is scanned for new files, in ms.',
    optional: true,
    default: '1000',
  }),
  timeout: param.time({ description: COMPATIBILITY, optional: true, default: '5000' }),
  'file.read.wait.timeout': param.time({
    description: COMPATIBILITY,
    optional: true,
    default: '1000',
  }),
  'header.present': param.bool({
    description: '`line` mode: the first `header.line.count` lines of each file are skipped.',
    optional: true,
    default: false,
  }),
  'header.line.count': param.int({
    description: 'How many lines the header has (with `header.present`).',
    optional: true,
    default: 1,
  }),
  'read.only.header': param.bool({
    description: '`line` mode: emit only the first line of each file.',
    optional: true,
    default: false,
  }),
  'read.only.trailer': param.bool({
    description: '`line` mode without tailing: emit only the last line of each file.',
    optional: true,
    default: false,
  }),
  'skip.trailer': param.bool({
    description: '`line` mode without tailing: do not emit the last line of each file.',
    optional: true,
    default: false,
  }),
  'buffer.size': param.int({
    description: '`binary.chunked` mode: the chunk size in bytes.',
    optional: true,
    default: 65536,
  }),
  'cron.expression': param.string({
    description: "Siddhi's cron-triggered reading; not supported (the app is rejected).",
    optional: true,
  }),
  'file.name.pattern': param.string({
    description:
      'With `dir.uri`: only files whose names match this (Java) regex as a whole are read.',
    optional: true,
  }),
  'file.system.options': param.string({ description: COMPATIBILITY, optional: true }),
};

export type FileSourceOptions = OptionsOf<typeof fileSourceParameters>;

/** Which files a source reads. */
export type FileTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'dir'; readonly path: string; readonly pattern: JavaPattern | undefined };

/** The checked configuration of one `file` source. */
export interface FileSourceConfig {
  readonly target: FileTarget;
  readonly mode: FileMode;
  readonly tailing: boolean;
  readonly beginRegex: string | undefined;
  readonly endRegex: string | undefined;
  /** Lines skipped at the start of each file (0 without `header.present`). */
  readonly headerLines: number;
  readonly readOnlyHeader: boolean;
  readonly readOnlyTrailer: boolean;
  readonly skipTrailer: boolean;
  readonly bufferSize: number;
  readonly afterProcess: AfterAction;
  readonly afterFailure: AfterAction;
  readonly filePollingMs: number;
  readonly dirPollingMs: number;
}

function moveAction(
  kind: 'delete' | 'move',
  to: string | undefined,
  ifExists: 'overwrite' | 'keep' | undefined,
  target: FileTarget,
  keys: { readonly action: string; readonly to: string },
): AfterAction {
  if (kind === 'delete') {
    if (to !== undefined) {
      throw new Error(`${keys.to} is only used with ${keys.action}='move', but it is 'delete'`);
    }
    return { kind: 'delete' };
  }
  if (to === undefined) throw new Error(`${keys.action}='move' needs ${keys.to}`);
  return {
    kind: 'move',
    target: localPath(to, keys.to),
    into: target.kind === 'dir' ? 'directory' : 'file',
    ifExists: ifExists ?? 'overwrite',
  };
}

/**
 * Checks and resolves the options of a `file` source (throws what to fix).
 * @example
 * fileSourceConfig({ ...options, 'file.uri': 'file:/tmp/in.csv' }).target // { kind: 'file', path: '/tmp/in.csv' }
 */
export function fileSourceConfig(options: FileSourceOptions): FileSourceConfig {
  const dirUri = options['dir.uri'];
  const fileUri = options['file.uri'];
  if ((dirUri === undefined) === (fileUri === undefined)) {
    throw new Error('give exactly one of dir.uri and file.uri');
  }
  if (options['cron.expression'] !== undefined) {
    throw new Error('cron.expression is not supported; read the files with tailing or polling');
  }
  const patternText = options['file.name.pattern'];
  if (patternText !== undefined && dirUri === undefined) {
    throw new Error('file.name.pattern applies to dir.uri only');
  }
  const target: FileTarget =
    dirUri === undefined
      ? { kind: 'file', path: localPath(fileUri ?? '', 'file.uri') }
      : {
          kind: 'dir',
          path: localPath(dirUri, 'dir.uri'),
          pattern:
            patternText === undefined || patternText === ''
              ? undefined
              : compileJavaPattern(patternText),
        };
  const beginRegex = options['begin.regex'];
  const endRegex = options['end.regex'];
  let mode: FileMode = options.mode;
  // Siddhi reads lines when regex mode has no regex.
  if (mode === 'regex' && beginRegex === undefined && endRegex === undefined) mode = 'line';
  if (beginRegex !== undefined) compileJavaPattern(beginRegex);
  if (endRegex !== undefined) compileJavaPattern(endRegex);
  const tailing = options.tailing;
  if (tailing && mode !== 'line' && mode !== 'regex') {
    throw new Error(
      `tailing (on by default) cannot be used in '${mode}' mode; set tailing='false'`,
    );
  }
  if (tailing && options['move.after.process'] !== undefined) {
    throw new Error("move.after.process cannot be used with tailing; set tailing='false'");
  }
  if (tailing && (options['read.only.trailer'] || options['skip.trailer'])) {
    throw new Error("read.only.trailer and skip.trailer need tailing='false'");
  }
  const headerLines = options['header.present'] ? options['header.line.count'] : 0;
  if (options['header.present'] && headerLines < 1) {
    throw new Error(`header.line.count must be 1 or more, found ${String(headerLines)}`);
  }
  if (options['buffer.size'] < 1) {
    throw new Error(`buffer.size must be 1 or more, found ${String(options['buffer.size'])}`);
  }
  const ifExists = options['move.if.exist.mode'];
  return {
    target,
    mode,
    tailing,
    beginRegex,
    endRegex,
    headerLines,
    readOnlyHeader: options['read.only.header'],
    readOnlyTrailer: options['read.only.trailer'],
    skipTrailer: options['skip.trailer'],
    bufferSize: options['buffer.size'],
    afterProcess: moveAction(
      options['action.after.process'],
      options['move.after.process'],
      ifExists,
      target,
      { action: 'action.after.process', to: 'move.after.process' },
    ),
    afterFailure: moveAction(
      options['action.after.failure'],
      options['move.after.failure'],
      ifExists,
      target,
      { action: 'action.after.failure', to: 'move.after.failure' },
    ),
    filePollingMs: Math.max(1, options['file.polling.interval']),
    dirPollingMs: Math.max(1, options['dir.polling.interval']),
  };
}

/** The directory a source watches: `dir.uri`, or the folder of `file.uri`. */
export function watchedDirectory(target: FileTarget): string {
  return target.kind === 'dir' ? target.path : path.dirname(target.path);
}

/** Whether `file` (an absolute path) is one the source reads. */
export function isTargetFile(target: FileTarget, file: string): boolean {
  if (target.kind === 'file') return path.resolve(file) === target.path;
  if (path.dirname(path.resolve(file)) !== target.path) return false;
  // Without a pattern (undefined) every file is read.
  return target.pattern?.matches(path.basename(file)) !== null;
}
