import type { Diagnostic } from '../checker.js';
import { rules } from '../rules/registry.js';

export interface FileReport {
  /** The path as the user gave it. */
  file: string;
  diagnostics: Diagnostic[];
}

/** `file(line,col): severity CODE: message`, 1-based, as editors' problem matchers read it. */
export function textReport(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      lines.push(`${r.file}(${d.range.start.line + 1},${d.range.start.character + 1}): ${d.severity} ${d.code}: ${d.message}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Spec §9: `[{file, range, severity, code, message}]`, 0-based as in LSP. */
export function jsonReport(reports: FileReport[]): string {
  const items = reports.flatMap((r) => r.diagnostics.map((d) => ({ file: r.file, range: d.range, severity: d.severity, code: d.code, message: d.message })));
  return JSON.stringify(items, null, 2) + '\n';
}

const sarifLevel = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0 with rule metadata and help links, for code-scanning tools. */
export function sarifReport(reports: FileReport[], version: string, docsBase: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vmm',
            version,
            semanticVersion: version,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.code,
              shortDescription: { text: r.summary },
              helpUri: `${docsBase}/${r.code}.md`,
              defaultConfiguration: { level: sarifLevel[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: reports.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code),
            level: sarifLevel[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: r.file.split('\\').join('/') },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
