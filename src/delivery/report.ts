/** The shape of the delivery figures and their explanations, as the API and `waymark dora` give them. */
import type { EventSource } from './events.js';
import type { LinkRule } from './links.js';

/** Each figure's rule in words: shown beside the figure wherever it is expanded. */
export const RULES = {
  deploymentFrequency:
    'Successful deployments to this environment in the window, divided by the weeks the window spans.',
  leadTime:
    'For each successful deployment, the time from the first commit of its change to the deployment. The change is what the deployment event lists when it lists several commits; otherwise the commits reachable from the deployed commit and not from the previous successful deployment (git); the deployed commit alone when there is nothing to compare with. The median over the window.',
  changeFailureRate:
    'Deployments in the window that failed or that an incident is linked to, divided by all deployments in the window. Incidents are never counted themselves.',
  recoveryTime:
    'For each failing deployment in the window: until the next successful deployment no incident is linked to, or, when incidents are linked to it, until the last of them was resolved. The median over the window.',
  reworkRate:
    'Deployments in the window made while an earlier failure here was not yet recovered or while an incident here was open, divided by all deployments in the window.',
} as const;

export interface DeploymentView {
  key: string;
  id: string;
  source: EventSource;
  status: 'success' | 'failure';
  time: string;
  commits: string[];
  ref: string | null;
  /** Failed, or an incident is linked to it. */
  failing: boolean;
  incidents: string[];
}

export interface IncidentView {
  key: string;
  id: string;
  openedAt: string;
  resolvedAt: string | null;
  environment: string | null;
  /** The deployment (key) it was linked to, if any. */
  deployment: string | null;
  rule: LinkRule | null;
  /** The link rule in words with its figures, or why nothing was linked. */
  link: string;
}

export interface LeadTimeChange {
  deployment: string;
  commits: { sha: string; time: string | null; from: 'event' | 'git' }[];
  firstCommit: string;
  firstCommitAt: string;
  hours: number;
  /** How the change was found. */
  change: string;
}

export interface DeliveryMetrics {
  workload: string;
  environment: string;
  production: boolean;
  window: { from: string; to: string; days: number };
  linkHorizonHours: number;
  deploymentFrequency: {
    perWeek: number | null;
    deployments: number;
    deploymentDays: number;
    used: string[];
    rule: string;
  };
  leadTime: {
    medianHours: number | null;
    /** Commits per change, the median: how small the batches are. */
    medianCommits: number | null;
    changes: LeadTimeChange[];
    excluded: { deployment: string; reason: string }[];
    rule: string;
  };
  changeFailureRate: {
    value: number | null;
    failing: number;
    deployments: number;
    used: { deployment: string; because: ('failed' | 'incident')[]; incidents: string[] }[];
    rule: string;
  };
  recoveryTime: {
    medianHours: number | null;
    recovered: { deployment: string; from: string; to: string; hours: number; by: string }[];
    unrecovered: { deployment: string; reason: string }[];
    rule: string;
  };
  reworkRate: {
    value: number | null;
    rework: number;
    deployments: number;
    used: { deployment: string; during: string }[];
    rule: string;
  };
  /** The deployments in the window, oldest first. */
  deployments: DeploymentView[];
  /** Incidents here opened in the window or linked to one of its deployments. */
  incidents: IncidentView[];
}

/** The headline numbers only (a trend point, a portfolio cell). */
export interface DeliveryFigures {
  deploymentsPerWeek: number | null;
  leadTimeHours: number | null;
  changeFailureRate: number | null;
  recoveryHours: number | null;
  reworkRate: number | null;
  deployments: number;
}

export function figuresOf(m: DeliveryMetrics): DeliveryFigures {
  return {
    deploymentsPerWeek: m.deploymentFrequency.perWeek,
    leadTimeHours: m.leadTime.medianHours,
    changeFailureRate: m.changeFailureRate.value,
    recoveryHours: m.recoveryTime.medianHours,
    reworkRate: m.reworkRate.value,
    deployments: m.changeFailureRate.deployments,
  };
}
