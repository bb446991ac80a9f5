import { z } from 'zod';
import { ANSWER_SOURCES, STATUSES } from '../answers/index.js';
import { RISK_LEVELS } from '../model/index.js';
import { JSON_FORMAT_ID, JSON_FORMAT_VERSION } from './assessmentReport.js';

/**
 * The published shape of `waymark assess --format json`. The JSON Schema file in
 * schemas/ is generated from this (npm run schemas) and a test keeps the two in step.
 */
const status = z.enum(STATUSES);
const nullableText = z.string().nullable();

export const JsonReportSchema = z
  .strictObject({
    format: z.literal(JSON_FORMAT_ID),
    formatVersion: z.literal(JSON_FORMAT_VERSION),
    workload: nullableText,
    answersFile: z.string(),
    context: z
      .record(z.string(), z.string())
      .describe('the answers about the workload that rule practices in or out'),
    pillars: z.array(
      z.strictObject({
        modelId: z.string(),
        key: z.string(),
        title: z.string(),
        version: z.string(),
        level: z.number().int().min(0).describe('highest level held; 0 when level 1 is not held'),
        levelName: nullableText,
        maxLevel: z.number().int().min(1),
        levels: z.array(
          z.strictObject({
            level: z.number().int().min(1),
            name: z.string(),
            held: z.boolean(),
            total: z.number().int().min(0),
            met: z.number().int().min(0),
            partial: z.number().int().min(0),
            notMet: z.number().int().min(0),
            notApplicable: z.number().int().min(0),
            unknown: z.number().int().min(0),
            coverage: z.number().min(0).max(1).describe('met = 1, partial = 0.5, over applicable practices'),
          }),
        ),
        blocking: z.array(
          z.strictObject({ id: z.string(), level: z.number().int(), status, statement: z.string() }),
        ),
        practices: z.array(
          z.strictObject({
            id: z.string(),
            strategyId: z.string(),
            level: z.number().int(),
            status,
            source: z.enum(ANSWER_SOURCES).nullable(),
            reason: nullableText.describe(
              "the answer's reason, or why the workload's context rules the practice out",
            ),
            notInForce: z.boolean().describe("true when the workload's context rules the practice out"),
            sharedFrom: nullableText.describe(
              'the model that defines this practice, when this pillar shares it',
            ),
            note: nullableText,
            evidence: z.array(z.string()),
            by: nullableText,
            at: nullableText,
          }),
        ),
      }),
    ),
    plan: z.array(
      z.strictObject({
        rank: z.number().int().min(1),
        practiceId: z.string(),
        modelId: z.string(),
        pillar: z.string(),
        level: z.number().int(),
        levelName: z.string(),
        strategy: z.string(),
        statement: z.string(),
        status,
        risk: z.enum(RISK_LEVELS),
        why: z.string(),
        nextStep: z.string(),
        source: z.strictObject({
          section: z.string().describe('the section of the published model the practice comes from'),
          url: z.string().optional(),
        }),
      }),
    ),
  })
  .describe('Waymark assessment report (waymark assess --format json)');

export function jsonReportJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(JsonReportSchema),
    $id: 'urn:waymark:schema:assessment-report:1',
    title: 'Waymark assessment report',
  };
}
