import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, type CheckResult } from '../../server/src/checker.js';
import { DocumentSession } from '../../server/src/session.js';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mutate, root, runsOf, samples, SEED, streamFor, type Random } from './fuzz.js';

// The editor checks with its incremental parser, and the model then takes over the readings and
// entities of unchanged declarations (model/build.ts). Whatever the edits, what it gives must be
// what a fresh check of the same text gives: diagnostics, fixes, references and entities.

function picture(result: CheckResult): string {
  const diagnostics = result.diagnostics.map((d) => ({
    code: d.code,
    span: d.span,
    range: d.range,
    severity: d.severity,
    message: d.message,
    fixes: d.fixes.map((f) => ({ title: f.title, edits: f.edits })),
    silence: d.silence,
  }));
  const references = result.model.references.map((r) => ({ file: r.file.path, name: r.name, span: r.span, glob: r.glob, kind: r.kind, targets: r.targets }));
  const entity = (e: object) =>
    Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'declaration' && k !== 'file' && k !== 'attributes' && k !== 'origin'));
  const vms = [...result.model.vms.values()].map((v) => ({ ...entity(v), file: v.file === result.file, at: v.declaration.span }));
  const services = [...result.model.services.values()].map((s) => ({ ...entity(s), file: s.file === result.file, at: s.declaration.span }));
  return JSON.stringify({ diagnostics, references, vms, services }, null, 1);
}

/** Edits of the kinds that change what other declarations resolve to: names, sites, networks, memberships. */
function edit(random: Random, text: string): string {
  const names = [...new Set(text.match(/\b[a-z][a-z0-9-]*[0-9a-z]\b/g) ?? [])];
  switch (random.int(7)) {
    case 6: {
      // Move one vm to another site (what depends on it, and rules about it, see it elsewhere).
      const sites = [...text.matchAll(/^site ([^\s{]+)/gm)].map((m) => m[1]);
      const vms = [...text.matchAll(/^vm [^\s{]+ at ([^\s{]+)/gm)];
      if (sites.length < 2 || vms.length === 0) return text;
      const vm = random.pick(vms);
      const at = vm.index! + vm[0].length - vm[1].length;
      return text.slice(0, at) + random.pick(sites.filter((s) => s !== vm[1])) + text.slice(at + vm[1].length);
    }
    case 0: {
      // Rename one occurrence of a name (a declaration's or a reference's).
      const name = random.pick(names);
      const at = text.indexOf(name, random.int(text.length));
      if (at < 0 || names.length === 0) return text;
      return text.slice(0, at) + random.pick([...names, name + 'x', 'web-*', name.slice(0, -1)]) + text.slice(at + name.length);
    }
    case 1: {
      // Delete or duplicate a line.
      const lines = text.split('\n');
      const i = random.int(lines.length);
      if (random.chance(0.5)) lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 2:
      // Declare one more vm (a glob may now match it, a name resolve to it).
      return `${text}\nvm ${random.pick(names) ?? 'x'}-new at ${random.pick(names) ?? 'a'} {\n  memory = 4GiB\n  network = ${random.pick(names) ?? 'n'}\n}\n`;
    default:
      return mutate(random, text);
  }
}

const { generate } = (await import(pathToFileURL(path.join(root, 'bench', 'generate.mjs')).href)) as { generate(vms: number): { vmm: string } };
const estate = generate(120).vmm;

test(`reuse: checks that take over unchanged declarations equal fresh checks, edit after edit (seed ${SEED})`, (t) => {
  const random = streamFor('reuse');
  const runs = runsOf(300);
  let edits = 0;
  let mismatches = 0;
  const failures: string[] = [];
  for (let run = 0; run < runs; run++) {
    const session = new DocumentSession();
    // The samples, and a small estate of the benchmark's (dependencies across sites: VMM403).
    let text = run % 6 === 5 ? estate : random.pick(samples).text;
    check('/w/estate.vmm', text, { session });
    // The edits one after the other (what is kept, down to the indexes, comes from the check before),
    // then each text checked afresh.
    const steps: { text: string; kept: string }[] = [];
    for (let step = 0; step < 4; step++) {
      text = edit(random, text);
      steps.push({ text, kept: picture(check('/w/estate.vmm', text, { session })) });
    }
    steps.forEach(({ text, kept }, step) => {
      edits++;
      const fresh = picture(check('/w/estate.vmm', text));
      if (kept !== fresh) {
        mismatches++;
        if (failures.length < 3)
          failures.push(`after ${step + 1} edits (run ${run}):\n${text}\n--- kept ---\n${kept.slice(0, 3000)}\n--- fresh ---\n${fresh.slice(0, 3000)}`);
      }
    });
  }
  t.diagnostic(`${edits} edits over ${runs} runs`);
  assert.equal(mismatches, 0, failures.join('\n\n'));
});
