/**
 * Check reports built by hand for the report tests: the built-in models plus a small model of our
 * own whose text holds every character that breaks a careless writer (markup, quotes, `]]>`,
 * control characters, pipes and backticks).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { parseAssessment } from '../answers/index.js';
import { scoreAssessment } from '../assess/index.js';
import { loadBuiltinModels, ModelSet, parseModel } from '../model/index.js';
import type { CheckReport } from './checkGate.js';
import { gatesOf } from './checkGate.js';
import type { SarifPlace } from './sarif.js';

const SCHEMA_FILE = 'test/fixtures/schemas/sarif-2.1.0-rtm.5.json';
// Both packages are CommonJS with the export under `default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;
let validate: ReturnType<InstanceType<typeof Ajv>['compile']> | undefined;

/** Asserts `log` is valid against the SARIF 2.1.0 JSON Schema (draft-04, with its formats). */
export function assertValidSarif(log: unknown): void {
  if (!validate) {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const schema = JSON.parse(readFileSync(join(root, SCHEMA_FILE), 'utf8')) as object;
    // The schema's language pattern has a stray `]`, legal only in a regular expression without
    // the `u` flag (as draft-04 validators compiled it).
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

export const NASTY = 'Use <b>bold</b> & "quotes" \'too\' ]]> `tick` | pipe \u0001 end';

export const TRICKY = parseModel(
  `id: tricky-ops
key: tk
title: Tricky <ops> & "co"
version: 0.1.0
description: A model for the writers' tests.
levels:
  - level: 1
    name: First & <only>
    goal: Start.
    strategies:
      - id: tk.1.s
        title: Strategy with ]]> in it
        summary: Copies.
        practices:
          - id: tk.1.s.nasty
            statement: ${JSON.stringify(NASTY)}
            why: Because <script>alert(1)</script> & friends.
            evidence: A file named a|b.md.
            risk: high
            nextStep: Fix the "thing" ]]> now.
          - id: tk.1.s.secret
            statement: Secrets are kept out of the repository.
            why: Leaks.
            evidence: A scanner.
            risk: medium
            security: true
            nextStep: Add a scanner.
          - id: tk.1.s.na
            statement: Only for front ends.
            why: UI.
            evidence: A UI.
            risk: low
            nextStep: None.
          - id: tk.1.s.met
            statement: Something already done.
            why: Done.
            evidence: Done.
            risk: low
            nextStep: None.
`,
  'tricky.yaml',
);

export const MODELS = new ModelSet([...loadBuiltinModels(), TRICKY]);

const ANSWERS = `workload: Shop & <Co>
answers:
  tk.1.s.nasty: { status: not-met, note: ${JSON.stringify(`note ${NASTY}`)}, evidence: ["src/a file.ts:3"] }
  tk.1.s.secret: partial
  tk.1.s.na: { status: not-applicable, reason: ${JSON.stringify(`No UI ${NASTY}`)} }
  tk.1.s.met: met
  oe.1.iac.declarative: met
`;

/** A check of `spec` (key → minimum) over the answers above; `places` defaults to one per blocking practice. */
export function checkReport(
  minimums: Record<string, number>,
  answers = ANSWERS,
  places?: Map<string, SarifPlace>,
): CheckReport {
  const assessment = parseAssessment(answers, 'waymark.assessment.yaml', MODELS);
  const score = scoreAssessment(MODELS, assessment);
  const gates = gatesOf(score.pillars, new Map(Object.entries(minimums)));
  const defaultPlaces = new Map<string, SarifPlace>();
  for (const g of gates)
    for (const b of g.blocking)
      defaultPlaces.set(
        b.id,
        b.id === 'tk.1.s.nasty'
          ? { path: 'src/a file.ts', line: 3, endColumn: 20 }
          : { path: 'waymark.assessment.yaml', line: 1, placeholder: true },
      );
  return {
    workload: assessment.workload,
    answersFile: 'waymark.assessment.yaml',
    context: assessment.context,
    score,
    gates,
    models: MODELS,
    toolVersion: '0.1.0',
    at: new Date('2026-11-25T10:00:00Z'),
    places: places ?? defaultPlaces,
  };
}
