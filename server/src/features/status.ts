import type { CheckResult } from '../checker.js';
import type { Policy } from '../model/model.js';

/** A policy in force in the file: the unnamed one, or a named one that an intent of the file names. */
export interface PolicyInForce {
  /** Undefined: the unnamed policy. */
  name?: string;
  profile: string;
  /** Where it is declared (`main.vmm:3`, 1-based line); undefined for the built-in default (no unnamed policy anywhere). */
  declared?: string;
  /** How many intents of the file it applies to. */
  intents: number;
}

/**
 * What the language status item of a `vmm` document says (client/src/status.ts shows it): the
 * server's version, the profile in force for the file and the named policies its intents use, and
 * the counts of its diagnostics as published.
 */
export interface DocumentStatus {
  version: string;
  /** The unnamed policy's profile: what every `migrate` without `policy =` is checked against. */
  profile: string;
  policies: PolicyInForce[];
  errors: number;
  warnings: number;
  infos: number;
  /** The item's text, e.g. `metro · 2 errors, 1 warning`. */
  text: string;
  /** The item's detail, e.g. `profile metro (default) · policy fast: hcx · vmm 0.1.0`. */
  detail: string;
  /** The worst severity among the counts, for the item's icon. */
  severity: 'error' | 'warning' | 'info';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

function declaredAt(result: CheckResult, policy: Policy): string | undefined {
  if (!policy.origin) return undefined;
  const line = policy.origin.file.lines.position(policy.origin.declaration.span.start).line + 1;
  return `${baseName(policy.origin.file.path)}:${line}`;
}

/** The status of a checked document, from the same check its diagnostics come from. */
export function documentStatus(result: CheckResult, version: string): DocumentStatus {
  const model = result.model;
  const intents = model.intents.filter((i) => i.file === result.file);
  const byPolicy = (p: Policy) => intents.filter((i) => i.policy === p).length;
  const unnamed = model.defaultPolicy;
  const policies: PolicyInForce[] = [{ profile: unnamed.profile, declared: declaredAt(result, unnamed), intents: byPolicy(unnamed) }];
  for (const [name, policy] of model.policies) {
    const n = byPolicy(policy);
    if (n > 0) policies.push({ name, profile: policy.profile, declared: declaredAt(result, policy), intents: n });
  }
  const count = (s: string) => result.diagnostics.filter((d) => d.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');

  const named = policies.slice(1);
  const profiles = [unnamed.profile, ...new Set(named.map((p) => p.profile).filter((p) => p !== unnamed.profile))];
  const counts =
    errors + warnings + infos === 0 ? 'no problems' : [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos ? [`${infos} info`] : [])].join(', ');
  const where = policies[0].declared ? `policy at ${policies[0].declared}` : 'default: no policy declared';
  const detail = [
    `profile ${unnamed.profile} (${where})`,
    ...named.map((p) => `policy ${p.name}: ${p.profile} (${plural(p.intents, 'intent')})`),
    `vmm ${version}`,
  ].join(' · ');
  return {
    version,
    profile: unnamed.profile,
    policies,
    errors,
    warnings,
    infos,
    text: `${profiles.join(' + ')} · ${counts}`,
    detail,
    severity: errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'info',
  };
}

/** The status of a document the server does not check (too large): it says why. */
export function uncheckedStatus(reason: string, version: string): DocumentStatus {
  return { version, profile: '', policies: [], errors: 0, warnings: 0, infos: 1, text: 'not checked', detail: `${reason} · vmm ${version}`, severity: 'info' };
}
