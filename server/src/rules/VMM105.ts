import { alternative } from '../migration/analysis.js';
import { setAttribute } from '../model/edits.js';
import { headerSpan, type Rule } from './rule.js';
import { alternativeTime, policyName } from './shared/fixes.js';

/** Some platforms run one migration at a time over a path (HCX vMotion): a higher concurrency is not what will happen. */
export const VMM105: Rule = {
  code: 'VMM105',
  severity: 'warning',
  summary: 'concurrency above what the profile allows',
  check({ model, analysis, report }) {
    for (const ia of analysis.intents) {
      const { intent } = ia;
      const allowed = intent.policy.maxConcurrency;
      if (intent.method === 'federate' || allowed === undefined || !intent.attributes.has('concurrency')) continue;
      if (!(intent.concurrency > allowed)) continue;
      const alt = alternative(model, analysis, intent, intent.method, allowed);
      const time = alternativeTime(alt, ': ');
      report(
        intent,
        headerSpan(intent.declaration),
        `concurrency ${intent.concurrency} exceeds ${allowed}, the most concurrent migrations ${policyName(intent.policy)} allows; the estimates assume ${intent.concurrency} as written`,
        [{ title: `Set concurrency = ${allowed}${time}`, edits: [setAttribute(intent.file, intent.declaration, 'concurrency', String(allowed))] }],
        undefined,
        `concurrency ${intent.concurrency} > ${allowed}`,
      );
    }
  },
};
