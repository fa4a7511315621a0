import { main, mainAsync } from './main.js';

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

/** The same for `vmm import`, which answers asynchronously. */
export async function vmmAsync(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await mainAsync(
    args,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}
