import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { ProjectConfig } from '../node-fs.js';

/**
 * A project config's problems as diagnostics on the config file, at its start (the JSON schema
 * marks the key itself in the editor; these say what the checker made of the file, with the same
 * words as the CLI). What is wrong in the file is not used; the rest of it is.
 */
export function configDiagnostics(config: ProjectConfig): Diagnostic[] {
  return config.problems.map((message) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    severity: DiagnosticSeverity.Warning,
    source: 'vmm',
    code: 'config',
    message,
  }));
}
