import { mainAsync } from './main.js';

/**
 * Standard output closed by its reader (`vmm plan … | head`): what is left to print has nowhere to
 * go, so it is dropped quietly instead of ending in an EPIPE stack trace; the exit status stays the
 * command's. Any other failure to write is said once on standard error (exit 2).
 */
async function run(): Promise<void> {
  const output = { closed: false };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (output.closed) return;
    output.closed = true;
    if (error.code !== 'EPIPE') {
      process.stderr.write(`vmm: cannot write to standard output (${error.code ?? error.message})\n`);
      process.exitCode = 2;
    }
  });
  process.stderr.on('error', () => {
    // Nowhere left to say anything.
  });
  const code = await mainAsync(
    process.argv.slice(2),
    (s) => {
      if (!output.closed) process.stdout.write(s);
    },
    (s) => process.stderr.write(s),
  );
  // The language server (`vmm lsp`) keeps the process alive and sets no exit code.
  if (code >= 0 && process.exitCode === undefined) process.exitCode = code;
}

void run();
