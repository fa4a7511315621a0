import type { ExportInput } from './common.js';

export interface ForkliftOptions {
  sourceProvider?: string;
  destinationProvider?: string;
  namespace?: string;
  storageClass?: string;
}

export function forkliftYaml(input: ExportInput, options: ForkliftOptions): string {
  return String(input.plan.file) + String(options.sourceProvider);
}
