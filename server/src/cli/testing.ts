import { main } from './main.js';

/** Runs the CLI in process, as tests do: its exit status and what it printed on each stream. */
export function vmm(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(
    args,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}
