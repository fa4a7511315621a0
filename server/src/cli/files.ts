import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { MAX_IMPORT_BYTES } from '../load.js';
import { describeKind, readRegularFile } from '../node-fs.js';

/** A problem reading or writing a file, said in one line naming the file (exit 2). */
export class IoError extends Error {}

const megabytes = (bytes: number) => `${bytes / 1024 / 1024} MB`;

/**
 * A file named on the command line, as text. It is measured as imports are: a regular file of at
 * most MAX_IMPORT_BYTES (a named pipe, a device such as /dev/zero or a folder is refused unread,
 * and opening does not wait for a pipe's writer). Only UTF-8 is read: decoding anything else would
 * put U+FFFD in place of its bytes, and `vmm format` would then write them back destroyed. A
 * leading BOM is kept in the text (`check` and `plan` drop it; `format` keeps it).
 */
export function readRaw(file: string): string {
  const result = readRegularFile(file, MAX_IMPORT_BYTES);
  if (!result.ok) {
    switch (result.reason) {
      case 'missing':
        throw new IoError(`${file}: no such file`);
      case 'denied':
        throw new IoError(`${file}: permission denied`);
      case 'not-regular':
        throw new IoError(
          result.kind === 'a directory' ? `${file}: is a directory` : `${file}: not a regular file (${result.kind}); vmm reads only regular files`,
        );
      case 'too-large':
        throw new IoError(`${file}: larger than ${megabytes(MAX_IMPORT_BYTES)}; it is not read`);
      default:
        throw new IoError(`${file}: cannot read`);
    }
  }
  const bytes = result.bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    if (at >= bytes.length) throw new IoError(`${file}: not valid UTF-8; left as it is`);
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, '0');
    throw new IoError(`${file}: not valid UTF-8 (byte 0x${hex} at offset ${at}, line ${line}); left as it is`);
  }
}

/**
 * Whether a file on disk begins with a UTF-8 byte order mark (EF BB BF). The checker reads text
 * without it; a command that writes the file back (`vmm check --fix`) puts it back.
 */
export function startsWithBom(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const head = Buffer.alloc(3);
    return readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes text to a regular file: a new one, or with `replace` an existing one. A named pipe, a
 * device or a folder is refused (writing to a pipe would wait for a reader forever): what is there
 * is looked at first, and what was opened (non-blocking, so a pipe without a reader fails at once)
 * is checked again before anything is written. `what` names the text in messages ("the plan").
 */
export function writeRegularFile(file: string, text: string, replace: boolean, what: string): void {
  const notRegular = (kind: string) =>
    new IoError(`${file}: not a regular file (${kind}); ${what} is written only to a regular file (leave out -o to print it on standard output)`);
  let existing;
  try {
    existing = statSync(file);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new IoError(`${file}: cannot write (is a directory)`);
  if (existing && !existing.isFile()) throw notRegular(describeKind(existing));
  if (existing && !replace) throw new IoError(`${file} already exists; ${what} never replaces a file: choose another name, or pass --force to replace it`);
  let fd: number;
  try {
    // O_EXCL without --force: an existing file is never replaced unasked, even one made meanwhile.
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | (constants.O_NONBLOCK ?? 0) | (replace ? 0 : constants.O_EXCL), 0o666);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new IoError(`${file} already exists; ${what} never replaces a file: choose another name, or pass --force to replace it`);
    if (code === 'ENXIO') throw notRegular('a named pipe');
    throw new IoError(
      `${file}: cannot write${code === 'ENOENT' || code === 'ENOTDIR' ? ' (no such folder)' : code === 'EACCES' || code === 'EPERM' ? ' (permission denied)' : code === 'EISDIR' ? ' (is a directory)' : ''}`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw notRegular(describeKind(stat));
    ftruncateSync(fd, 0);
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at, at);
  } catch (error) {
    if (error instanceof IoError) throw error;
    throw new IoError(`${file}: cannot write${(error as NodeJS.ErrnoException).code === 'ENOSPC' ? ' (no space left on the device)' : ''}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629): a byte
 * that cannot begin one, or the lead byte of a sequence that is cut short or malformed (overlong,
 * a surrogate, above U+10FFFF); bytes.length when all are well formed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence b begins, and the range its second byte must fall in
    // (which excludes overlong forms, surrogates and code points above U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}
