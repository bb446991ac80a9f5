/**
 * SARIF 2.1.0 as GitHub code scanning reads it. Every practice of the models in force is a rule,
 * in every run, so an alert whose practice came to hold closes instead of lingering; each alert's
 * identity is its practice id (rule id and fingerprint), never its line, so a moved file or an
 * edited answer does not open a second alert. Locations come in already resolved (repository
 * relative, `/`-separated): this module reads no file.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../diagnostics/index.js';
import type { ModelSet } from '../model/index.js';
import { type SarifLevel, type SarifRule, sarifRules } from './sarifRules.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub rejects a run with more than 25,000 rules or 25,000 results. */
export const SARIF_MAX_RULES = 25_000;
export const SARIF_MAX_RESULTS = 25_000;
/** The base every artifact URI is relative to; its value is left to the consumer (the checkout). */
export const SRCROOT = '%SRCROOT%';

/** Where an alert sits: a file relative to the repository root, and a line in it. */
export interface SarifPlace {
  /** Relative, `/`-separated, not percent-encoded (this module encodes it). */
  readonly path: string;
  readonly line: number;
  /** The column after the line's last character, when the line was read. */
  readonly endColumn?: number;
  /** No file holds evidence: the alert sits at this stand-in place, which the message names. */
  readonly placeholder?: boolean;
}

/** One alert: a practice that does not hold, why, and where. */
export interface SarifAlert {
  readonly practiceId: string;
  readonly message: string;
  readonly place: SarifPlace;
  /** Defaults to the rule's level (from the practice's risk). */
  readonly level?: SarifLevel;
}

export interface SarifRun {
  /** `check` or `scan`: the code-scanning category, so that one kind's upload never closes the other's alerts. */
  readonly kind: string;
  readonly models: ModelSet;
  readonly toolVersion: string;
  readonly alerts: readonly SarifAlert[];
  /** Facts of the run kept with it (the gate, the levels reached). */
  readonly properties?: Record<string, unknown>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn?: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; semanticVersion: string; rules: SarifRule[] } };
    automationDetails: { id: string };
    originalUriBaseIds: Record<string, { description: { text: string } }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
    properties?: Record<string, unknown>;
  }[];
}

export function sarifLog(run: SarifRun): SarifLog {
  const rules = sarifRules(run.models);
  if (rules.length > SARIF_MAX_RULES)
    throw new InputError(
      `the models in force have ${rules.length} practices; one SARIF run takes at most ${SARIF_MAX_RULES} rules`,
    );
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = [];
  const seen = new Set<string>();
  for (const a of run.alerts) {
    const ruleIndex = index.get(a.practiceId);
    // One alert per practice, and only for practices that are rules: code scanning matches the two.
    if (ruleIndex === undefined || seen.has(a.practiceId)) continue;
    seen.add(a.practiceId);
    const rule = rules[ruleIndex] as SarifRule;
    const { place } = a;
    results.push({
      ruleId: a.practiceId,
      ruleIndex,
      level: a.level ?? rule.defaultConfiguration.level,
      message: { text: a.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodePath(place.path), uriBaseId: SRCROOT },
            region: {
              startLine: place.line,
              startColumn: 1,
              endLine: place.line,
              ...(place.endColumn !== undefined ? { endColumn: place.endColumn } : {}),
            },
          },
        },
      ],
      partialFingerprints: practiceFingerprints(a.practiceId),
    });
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Waymark', semanticVersion: run.toolVersion, rules } },
        automationDetails: { id: `waymark/${run.kind}/` },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The root of the repository the command ran on.' } },
        },
        columnKind: 'utf16CodeUnits',
        results: results.slice(0, SARIF_MAX_RESULTS),
        ...(run.properties ? { properties: run.properties } : {}),
      },
    ],
  };
}

/**
 * Fingerprints from the practice id alone. GitHub matches alerts across runs by
 * `primaryLocationLineHash` (and would otherwise hash the line's text, which changes with every
 * edit of an answer); the `waymark/` entry names the practice for other consumers.
 */
export function practiceFingerprints(practiceId: string): Record<string, string> {
  const hash = createHash('sha256').update(`waymark practice ${practiceId}`).digest('hex').slice(0, 16);
  return { primaryLocationLineHash: `${hash}:1`, 'waymark/practice/v1': practiceId };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

export function renderSarif(run: SarifRun): string {
  return `${JSON.stringify(sarifLog(run), null, 2)}\n`;
}
