import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, modify } from 'jsonc-parser';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';

/**
 * `text` with the value at `at` set to `value`, and every other byte as it was: the file's own
 * indentation (its first indented line's) and line ends are used for what changes.
 */
export function withValue(text: string, at: readonly string[], value: unknown): string {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const edits = modify(text, [...at], value, {
    formattingOptions: {
      insertSpaces: !indent.startsWith('\t'),
      tabSize: indent.startsWith('\t') ? 1 : indent.length,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    },
  });
  return applyEdits(text, edits);
}

/**
 * The lines that differ between `before` and `after`, as a unified diff of one hunk (a single edit
 * changes one run of lines), with `context` lines around it; empty when they are the same.
 */
export function lineDiff(before: string, after: string, file: string, context = 2): string {
  if (before === after) return '';
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  const from = Math.max(0, start - context);
  const aTo = Math.min(a.length, a.length - end + context);
  const bTo = Math.min(b.length, b.length - end + context);
  const lines = [
    `--- ${file}`,
    `+++ ${file}`,
    `@@ -${from + 1},${aTo - from} +${from + 1},${bTo - from} @@`,
    ...a.slice(from, start).map((line) => ` ${line}`),
    ...a.slice(start, a.length - end).map((line) => `-${line}`),
    ...b.slice(start, b.length - end).map((line) => `+${line}`),
    ...a.slice(a.length - end, aTo).map((line) => ` ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Replaces `file` with `text` whole or not at all: written to a temporary file beside it (same
 * folder, so the rename is atomic), with the file's mode, then renamed over it. Refuses, naming the
 * file, when the file or its folder cannot be written, before anything is written.
 */
export function replaceFileAtomically(file: string, text: string): void {
  const folder = path.dirname(path.resolve(file));
  for (const [what, mode] of [
    [file, fs.constants.W_OK],
    [folder, fs.constants.W_OK | fs.constants.X_OK],
  ] as const) {
    try {
      fs.accessSync(what, mode);
    } catch (error) {
      throw new AuditLoggingError(
        `${what} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)}): nothing was written. ` +
          'Make it writable, or copy the config somewhere writable and give it with --config',
      );
    }
  }
  const temporary = path.join(folder, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { mode: fs.statSync(file).mode });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new AuditLoggingError(`${file} could not be replaced (${(error as Error).message}): it is unchanged`);
  }
}
