import { main } from './main.js';

const code = main(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);
// The language server (`vmm lsp`) keeps the process alive and sets no exit code.
if (code >= 0) process.exitCode = code;
