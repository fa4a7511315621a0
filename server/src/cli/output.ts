import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../checker.js';
import { leadsUp } from '../load.js';
import { rules } from '../rules/registry.js';
import { ruleDescriptions } from './rule-descriptions.js';
import { ruleNaming } from './rule-names.js';

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

/** Where the rule pages are when --docs-base does not say: public, never a path of this machine. */
export const DEFAULT_DOCS_BASE = 'https://github.com/vmm-lang/vmm/blob/main/docs/rules';
export const INFORMATION_URI = 'https://github.com/vmm-lang/vmm';

const sarifLevel = { error: 'error', warning: 'warning', info: 'note' } as const;

/** The uriBaseId the artifact locations inside --root are relative to (GitHub code scanning's own name for the checkout). */
export const SRCROOT = '%SRCROOT%';

/**
 * Where a file is, for SARIF: a relative reference under --root (each segment percent-encoded, so
 * a space, an accent, `#` or `%` in a name stays a valid URI, and `:` cannot be read as a scheme),
 * or a `file:` URI for a file outside it.
 */
export function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(file);
  const relative = path.relative(root, absolute);
  if (relative !== '' && !leadsUp(relative, path.sep) && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(absolute).href };
}

/** The URI of a folder, ending in a slash as SARIF requires of a base. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export interface SarifOptions {
  version: string;
  /** The rule pages' folder, an http(s) URL: `${docsBase}/VMM303.md`. */
  docsBase: string;
  /** The --root folder, absolute: locations inside it are relative to it. */
  root: string;
  /** One message per file named on the command line that could not be read. */
  notRead?: string[];
}

/**
 * The key of vmm's own fingerprint in a result's `partialFingerprints`. Not
 * `primaryLocationLineHash`: GitHub's upload computes that one itself from the file's lines, and
 * warns about every result whose given value differs from its own.
 */
export const FINGERPRINT_KEY = 'vmmIdentity/v1';

/**
 * A diagnostic's identity within its file, spec §7: its code, the declaration it is anchored on
 * (by kind and what its header names, not by where it is) and the VM it names. A diagnostic
 * anchored on no declaration (a syntax error) is named by its message.
 */
function identityKey(d: Diagnostic): string {
  const decl = d.declaration;
  const header = decl
    ? [
        decl.kind,
        decl.name?.name ?? '',
        decl.at?.name ?? '',
        (decl.ends ?? []).map((e) => e?.name ?? '').join('<->'),
        decl.path?.value ?? '',
        (decl.targets ?? []).map((t) => `${t.service ? 'service ' : ''}${t.name}`).join(','),
        decl.to?.name ?? '',
      ].join('\u0001')
    : `\u0002${d.message}`;
  return [d.code, header, d.vm ?? ''].join('\u0000');
}

/**
 * The fingerprint of each diagnostic of one file: a hash of its identity, then `:n`, the how-manieth
 * diagnostic of that identity in the file it is (as GitHub's own line hashes count repeats). It
 * does not change when lines are added above, when the message's figures change, or when the file
 * is moved; it changes when the declaration is renamed or retargeted.
 */
export function fingerprints(diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const key = identityKey(d);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${createHash('sha256').update(key).digest('hex').slice(0, 16)}:${n}`;
  });
}

/** SARIF 2.1.0 as code scanning reads it: rule metadata with help, relative locations, one invocation. */
export function sarifReport(reports: FileReport[], options: SarifOptions): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const base = options.docsBase.replace(/\/+$/, '');
  const notRead = options.notRead ?? [];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vmm',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => {
              const { name, title } = ruleNaming(r.code, r.summary);
              const full = ruleDescriptions[r.code];
              const helpUri = `${base}/${r.code}.md`;
              const silence = `Silence it on one declaration with a \`// vmm-ignore ${r.code} <reason>\` line above it, or everywhere with \`--severity ${r.code}=off\`.`;
              return {
                id: r.code,
                name,
                shortDescription: { text: title },
                // The opening of the rule's page (its summary when it has none).
                fullDescription: full ? { text: full.text, markdown: full.markdown } : { text: r.summary },
                help: {
                  text: `${r.code}: ${r.summary}. Default severity: ${r.severity}. What it catches, why, and how to fix it: ${helpUri}. ${silence.replace(/`/g, '')}`,
                  markdown: `**${r.code}: ${title}**\n\n${r.summary}.\n\nDefault severity: ${r.severity}.\n\nWhat it catches, why, and how to fix it: [${r.code}](${helpUri}).\n\n${silence}`,
                },
                helpUri,
                defaultConfiguration: { level: sarifLevel[r.severity] },
                properties: { tags: ['vmm'] },
              };
            }),
          },
        },
        invocations: [
          {
            executionSuccessful: notRead.length === 0,
            ...(notRead.length > 0 ? { toolExecutionNotifications: notRead.map((text) => ({ level: 'error', message: { text } })) } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(options.root) } },
        columnKind: 'utf16CodeUnits',
        results: reports.flatMap((r) => {
          const prints = fingerprints(r.diagnostics);
          return r.diagnostics.map((d, i) => ({
            ruleId: d.code,
            ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
            level: sarifLevel[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(r.file, options.root),
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
            partialFingerprints: { [FINGERPRINT_KEY]: prints[i] },
          }));
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
