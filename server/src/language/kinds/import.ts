import type { KindSpec } from '../../model/kind.js';

export const importKind: KindSpec = {
  keyword: 'import',
  header: 'path',
  doc: 'Reads the declarations of another `.vmm` file, relative to this one.',
  attributes: [],
  blocks: [],
  editor: {
    snippet: 'import "${1:topology.vmm}"',
    symbol: 'File',
    label: (d) => d.path?.value ?? 'import',
  },
};
