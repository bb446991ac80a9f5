/**
 * Groups of detectors whose joint absence is meaningful. A detector that finds one CI system says
 * nothing when its system is missing; only when no detector of the `ci` group finds anything may the
 * scan claim "no pipeline file anywhere". Absence is claimed only for practices that a file in the
 * repository can show.
 */
import type { Confidence, Finding } from './types.js';

export interface DetectorGroup {
  id: string;
  /** Practices for which the absence of every artefact of the group is a (weak or strong) sign. */
  practices: string[];
  confidence: Confidence;
  summary: string;
}

export const GROUPS: readonly DetectorGroup[] = [
  {
    id: 'ci',
    practices: ['oe.2.standard-processes.ci-required', 'oe.3.automated-deployments.pipeline-only'],
    confidence: 'medium',
    summary: 'no pipeline file anywhere (GitHub Actions, Azure Pipelines, GitLab CI, Jenkins, CircleCI, ...)',
  },
  {
    id: 'iac',
    practices: ['oe.1.iac.declarative'],
    confidence: 'low',
    summary:
      'no infrastructure-as-code files (Bicep, ARM, Terraform, Pulumi, CloudFormation, Kubernetes, Helm, Kustomize); infrastructure may live in another repository',
  },
  {
    id: 'tests',
    practices: ['oe.3.testing.application-tests'],
    confidence: 'medium',
    summary: 'no automated test files of a known framework',
  },
  {
    id: 'vulnerability-scanning',
    practices: ['oe.2.automation.vulnerability-scanning'],
    confidence: 'low',
    summary:
      'no dependency updater, code scanner or image scanner is configured in the repository (alerts enabled in the hosting settings cannot be seen)',
  },
  {
    id: 'load-tests',
    practices: ['pe.3.baseline-tests.load-tests'],
    confidence: 'medium',
    summary: 'no load-test scripts (k6, JMeter, Locust, Gatling, Azure Load Testing) in the repository',
  },
];

/** Adds an absence finding for every group none of whose detectors found anything present. */
export function groupAbsences(
  findings: readonly Finding[],
  groupOf: ReadonlyMap<string, string | undefined>,
  groups: readonly DetectorGroup[] = GROUPS,
): Finding[] {
  const seen = new Set<string>();
  for (const f of findings) {
    const g = groupOf.get(f.detector);
    if (g && f.present) seen.add(g);
  }
  const out: Finding[] = [];
  for (const g of groups) {
    if (seen.has(g.id)) continue;
    out.push({
      detector: `group:${g.id}`,
      practices: [...g.practices],
      present: false,
      confidence: g.confidence,
      locations: [],
      summary: g.summary,
    });
  }
  return out;
}
