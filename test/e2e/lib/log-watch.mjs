// Watches code-server's log folder (the extension hosts' logs and the extensions' output channels,
// which code-server writes to disk) while a scenario runs, so that a crashed language server or
// extension host fails the scenario within a second or two instead of at a UI timeout.
import { readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Lines that mean the language server or the extension host went away (vscode-languageclient 9 and VS Code wording). */
export const CRASH = [
  /Server process exited with (code|signal)/i,
  /Connection to server got closed/i,
  /server crashed \d+ times/i,
  /Server initialization failed/i,
  /Activating extension '?vmm\.vmm'? failed/i,
  // A window closed at the end of a scenario ends its extension host with code 0: not a crash.
  /Extension Host Process exited with code: (?!0,)/i,
  /Extension Host Process exited with code: .*signal: (?!null)/i,
  /Extension host .*(terminated unexpectedly|crashed)/i,
  /Client VMM Language Server: connection to server is erroring/i,
];

function walk(dir, found = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, found);
    else if (e.isFile() && e.name.endsWith('.log')) found.push(p);
  }
  return found;
}

export class LogWatch {
  /** @param {string[]} dirs folders whose *.log files are watched; @param {() => string} [extra] more text to scan (code-server's own output) */
  constructor(dirs, extra) {
    this.dirs = dirs;
    this.extra = extra;
    this.offsets = new Map();
    this.extraOffset = 0;
    this.crash = undefined;
    this.listeners = [];
    this.timer = undefined;
  }

  /** Starts from the logs' current ends: only what is written from now on counts. */
  start(intervalMs = 250) {
    for (const d of this.dirs) for (const f of walk(d)) this.offsets.set(f, statSync(f).size);
    this.extraOffset = this.extra ? this.extra().length : 0;
    this.crash = undefined;
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref?.();
    return this;
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.listeners = [];
  }

  poll() {
    if (this.crash) return;
    const chunks = [];
    for (const dir of this.dirs) {
      for (const f of walk(dir)) {
        const from = this.offsets.get(f) ?? 0;
        let size;
        try {
          size = statSync(f).size;
        } catch {
          continue;
        }
        if (size <= from) continue;
        const buf = Buffer.alloc(size - from);
        const fd = openSync(f, 'r');
        try {
          readSync(fd, buf, 0, buf.length, from);
        } finally {
          closeSync(fd);
        }
        this.offsets.set(f, size);
        chunks.push({ file: relative(dir, f), text: buf.toString('utf8') });
      }
    }
    if (this.extra) {
      const all = this.extra();
      if (all.length > this.extraOffset) chunks.push({ file: 'code-server output', text: all.slice(this.extraOffset) });
      this.extraOffset = all.length;
    }
    for (const { file, text } of chunks) {
      for (const line of text.split('\n')) {
        if (CRASH.some((re) => re.test(line))) {
          this.crash = new Error(`the language server or the extension host went away (${file}): ${line.trim()}\n${text.slice(-2000)}`);
          for (const l of this.listeners.splice(0)) l(this.crash);
          return;
        }
      }
    }
  }

  /** Rejects as soon as a crash line appears (never resolves otherwise). */
  crashed() {
    return new Promise((_, reject) => {
      if (this.crash) reject(this.crash);
      else this.listeners.push(reject);
    });
  }
}
