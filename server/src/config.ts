/**
 * The project config, `vmm.config.json`: the rule severities, the workspace root and the docs base
 * one project shares between the editor and CI. This module reads its text and validates it
 * against the rule registry; finding and reading the file is node-fs.ts's `loadProjectConfig`
 * (this one stays pure). The JSON schema the editor validates the file with is
 * `schemas/vmm.config.schema.json`; a test holds the two together.
 *
 * Precedence (docs/cli.md, "Project config"): a `// vmm-ignore CODE` line silences its declaration
 * whatever the severity; a rule's severity is `--severity` on the command line, else the config's
 * `rules`, else the editor's `vmm.rules.*` setting, else the rule's default.
 */
import type { Severity } from './model/findings.js';
import { ruleByCode } from './rules/registry.js';

export const CONFIG_FILE = 'vmm.config.json';

export type Level = Severity | 'off';

export interface ConfigContent {
  /** Per-rule severities. */
  rules: Record<string, Level>;
  /** The workspace root as written (relative to the config's folder); undefined: the config's folder. */
  root?: string;
  /** The public address of the rule pages (no trailing slash), for SARIF's helpUri and the diagnostics' links. */
  docsBase?: string;
  /** What is wrong with the file, one line each naming the key; what is right in it is still used. */
  problems: string[];
}

const LEVELS: readonly string[] = ['error', 'warning', 'info', 'off'];
/** The keys a config may have, `$schema` (for editors) aside. */
export const CONFIG_KEYS: readonly string[] = ['rules', 'root', 'docsBase'];

/** Parses and validates the text of a config file. */
export function parseConfig(text: string): ConfigContent {
  const content: ConfigContent = { rules: {}, problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    content.problems.push(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
    return content;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    content.problems.push('must be a JSON object');
    return content;
  }
  const object = data as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (key !== '$schema' && !CONFIG_KEYS.includes(key)) content.problems.push(`unknown key '${key}' (the keys are ${CONFIG_KEYS.join(', ')})`);
  }
  const rules = object.rules;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) content.problems.push('rules must be an object of CODE: level');
    else {
      for (const [code, level] of Object.entries(rules as Record<string, unknown>)) {
        if (!ruleByCode(code)) content.problems.push(`rules: unknown rule code '${code}'`);
        else if (typeof level !== 'string' || !LEVELS.includes(level))
          content.problems.push(`rules.${code} must be error, warning, info or off; got ${JSON.stringify(level)}`);
        else content.rules[code] = level as Level;
      }
    }
  }
  if (object.root !== undefined) {
    if (typeof object.root !== 'string' || object.root === '') content.problems.push('root must be a folder path, relative to the config file');
    else content.root = object.root;
  }
  if (object.docsBase !== undefined) {
    const base = object.docsBase;
    if (typeof base !== 'string' || !/^https?:\/\/[^\s/]+/.test(base))
      content.problems.push(`docsBase must be the http or https address of the rule pages; got ${JSON.stringify(base)}`);
    else content.docsBase = base.replace(/\/+$/, '');
  }
  return content;
}

/**
 * The JSON schema of vmm.config.json (draft-07, which VS Code's JSON language service reads),
 * made from the rule registry: `schemas/vmm.config.schema.json` is this, written by
 * `node scripts/config-schema.mjs`, and a test holds the file to it.
 */
export function configSchema(rules: readonly { code: string; summary: string; severity: Severity }[]): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'vmm project config',
    description:
      'The project config of vmm (vmm.config.json): rule severities, the workspace root and the docs base, read by the vmm CLI (the nearest one upwards from the current directory) and by the VS Code extension. A rule’s severity is --severity on the command line, else this file, else the editor’s vmm.rules.* setting, else the rule’s default; a // vmm-ignore line silences its declaration whatever the severity.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file.' },
      rules: {
        type: 'object',
        description: 'Severity of each rule named: error, warning, info or off. Rules not named keep the editor setting or their default.',
        additionalProperties: false,
        properties: Object.fromEntries(
          rules.map((r) => [
            r.code,
            {
              enum: [...LEVELS],
              default: r.severity,
              description: `${r.code}: ${r.summary} (default: ${r.severity})`,
              markdownDescription: `**${r.code}**: ${r.summary}\n\nDefault: \`${r.severity}\`.`,
            },
          ]),
        ),
      },
      root: {
        type: 'string',
        minLength: 1,
        description: 'The workspace folder imports must stay in (VMM007), relative to this file; default: the folder of this file.',
      },
      docsBase: {
        type: 'string',
        pattern: '^https?://[^\\s/]+',
        description:
          'The public http(s) address of the rule pages: SARIF’s helpUri is DOCSBASE/VMMnnn.md; default: https://github.com/vmm-lang/vmm/blob/main/docs/rules.',
      },
    },
  };
}
