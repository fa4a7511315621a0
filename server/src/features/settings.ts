import type { SeveritySetting } from '../checker.js';
import { ruleByCode } from '../rules/registry.js';

const LEVELS: readonly string[] = ['error', 'warning', 'info', 'off'];

export interface ReadSettings {
  /** The rule severities that are valid; a rule left out keeps its default. */
  severities: Record<string, SeveritySetting>;
  /** One sentence per setting that was not used, naming it and saying why. */
  problems: string[];
}

/**
 * The rule severities of the editor's `vmm` settings (`{ rules: { VMM303: 'off', … } }`), each
 * checked: a known rule code and one of error, warning, info, off. A bad entry is left out (the
 * rule keeps its default severity) and said in `problems`; it never reaches a diagnostic, which
 * would then have no severity at all.
 */
export function readSettings(settings: unknown): ReadSettings {
  const severities: Record<string, SeveritySetting> = {};
  const problems: string[] = [];
  if (settings === undefined || settings === null) return { severities, problems };
  if (typeof settings !== 'object' || Array.isArray(settings)) return { severities, problems: ['the vmm settings are not an object; the defaults apply'] };
  const rules = (settings as { rules?: unknown }).rules;
  if (rules === undefined || rules === null) return { severities, problems };
  if (typeof rules !== 'object' || Array.isArray(rules)) return { severities, problems: ['vmm.rules is not an object of rule severities; the defaults apply'] };
  for (const [code, level] of Object.entries(rules as Record<string, unknown>)) {
    if (!ruleByCode(code)) {
      problems.push(`vmm.rules.${code}: there is no rule ${code}; the setting is ignored`);
      continue;
    }
    if (level === undefined || level === null) continue;
    if (typeof level !== 'string' || !LEVELS.includes(level)) {
      problems.push(`vmm.rules.${code}: ${JSON.stringify(level)} is not a severity (error, warning, info or off); ${code} keeps its default`);
      continue;
    }
    severities[code] = level as SeveritySetting;
  }
  return { severities, problems };
}
