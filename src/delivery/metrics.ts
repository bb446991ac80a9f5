/**
 * The five delivery figures per workload and environment over a window, each with what it was
 * computed from and the rule, so that anyone can check a figure by hand.
 */
import type { CommitSource } from './commits.js';
import { type DeliveryEvent, isProduction, utcTime } from './events.js';
import { type Deployment, foldEvents, type History, type Incident } from './history.js';
import { DEFAULT_LINK_HORIZON_HOURS, type IncidentLink, linkIncidents } from './links.js';
import {
  type DeliveryMetrics,
  type DeploymentView,
  type IncidentView,
  type LeadTimeChange,
  RULES,
} from './report.js';

export interface MetricsOptions {
  window: { from: string; to: string };
  /** Commit times and changes from git; without it only what the events say is known. */
  commits?: CommitSource | undefined;
  linkHorizonHours?: number | undefined;
  /**
   * false: the figures only, every list of what they used left empty (a portfolio of a thousand
   * workloads needs the numbers; one workload's page needs the explanations). Default true.
   */
  explain?: boolean | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (t: number) => new Date(t).toISOString();
const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Metrics for every workload and environment the events name. */
export function deliveryMetrics(
  events: readonly DeliveryEvent[],
  options: MetricsOptions,
): DeliveryMetrics[] {
  return metricsOfHistory(foldEvents(events), options);
}

export function metricsOfHistory(history: History, options: MetricsOptions): DeliveryMetrics[] {
  const byWorkload = new Map<string, { deployments: Deployment[]; incidents: Incident[] }>();
  const of = (w: string) => {
    let g = byWorkload.get(w);
    if (!g) {
      g = { deployments: [], incidents: [] };
      byWorkload.set(w, g);
    }
    return g;
  };
  for (const d of history.deployments) of(d.workload).deployments.push(d);
  for (const i of history.incidents) of(i.workload).incidents.push(i);
  const out: DeliveryMetrics[] = [];
  for (const w of [...byWorkload.keys()].sort()) {
    const g = byWorkload.get(w) as { deployments: Deployment[]; incidents: Incident[] };
    out.push(...workloadMetrics(w, g.deployments, g.incidents, options));
  }
  return out;
}

/** One workload's figures per environment; `deployments` and `incidents` sorted by time. */
export function workloadMetrics(
  workload: string,
  deployments: readonly Deployment[],
  incidents: readonly Incident[],
  options: MetricsOptions,
): DeliveryMetrics[] {
  const horizon = options.linkHorizonHours ?? DEFAULT_LINK_HORIZON_HOURS;
  const links = linkIncidents(deployments, incidents, horizon);
  const causedBy = new Map<Deployment, IncidentLink[]>();
  for (const l of links) {
    if (!l.deployment) continue;
    const list = causedBy.get(l.deployment) ?? [];
    list.push(l);
    causedBy.set(l.deployment, list);
  }
  const environments = new Map<string, Deployment[]>();
  for (const d of deployments) {
    const list = environments.get(d.environment) ?? [];
    list.push(d);
    environments.set(d.environment, list);
  }
  return [...environments.keys()].sort().map((env) =>
    environmentMetrics(workload, env, environments.get(env) as Deployment[], links, causedBy, {
      ...options,
      linkHorizonHours: horizon,
    }),
  );
}

function environmentMetrics(
  workload: string,
  environment: string,
  all: readonly Deployment[],
  links: readonly IncidentLink[],
  causedBy: ReadonlyMap<Deployment, IncidentLink[]>,
  options: MetricsOptions & { linkHorizonHours: number },
): DeliveryMetrics {
  const from = Date.parse(options.window.from);
  const to = Date.parse(options.window.to);
  const inWindow = (t: number) => t >= from && t < to;
  const failing = (d: Deployment) => d.status === 'failure' || causedBy.has(d);
  const windowed = all.filter((d) => inWindow(d.time));

  // ── frequency ──
  const successes = windowed.filter((d) => d.status === 'success');
  const days = new Set(successes.map((d) => Math.floor(d.time / DAY)));
  const weeks = (to - from) / (7 * DAY);

  // ── lead time: each successful deployment's change, since the previous successful one ──
  const changes: LeadTimeChange[] = [];
  const excluded: { deployment: string; reason: string }[] = [];
  let previous: Deployment | undefined;
  for (const d of all) {
    if (d.status !== 'success') continue;
    if (inWindow(d.time)) {
      const c = changeOf(d, previous, options.commits);
      if ('reason' in c) excluded.push({ deployment: d.key, reason: c.reason });
      else changes.push(c);
    }
    previous = d;
  }

  // ── change failure rate ──
  const failures = windowed.filter(failing).map((d) => ({
    deployment: d.key,
    because: [
      ...(d.status === 'failure' ? (['failed'] as const) : []),
      ...(causedBy.has(d) ? (['incident'] as const) : []),
    ],
    incidents: (causedBy.get(d) ?? []).map((l) => l.incident.key),
  }));

  // ── recovery: from the failed deployment to the next good one, or to its incidents' resolution ──
  const nextGood: (Deployment | undefined)[] = new Array(all.length);
  let good: Deployment | undefined;
  for (let i = all.length - 1; i >= 0; i--) {
    nextGood[i] = good;
    const d = all[i] as Deployment;
    if (d.status === 'success' && !causedBy.has(d)) good = d;
  }
  const recoveryEnd = new Map<Deployment, { at: number; atText: string; by: string } | { open: string }>();
  all.forEach((d, i) => {
    if (!failing(d)) return;
    const caused = causedBy.get(d);
    if (caused) {
      const open = caused.find((l) => l.incident.resolvedAt === undefined);
      if (open) recoveryEnd.set(d, { open: `incident ${open.incident.id} is still open` });
      else {
        const last = caused.reduce((a, b) =>
          (b.incident.resolvedAt ?? 0) > (a.incident.resolvedAt ?? 0) ? b : a,
        );
        const ids = caused.map((l) => l.incident.id).join(', ');
        recoveryEnd.set(d, {
          at: last.incident.resolvedAt ?? d.time,
          atText: last.incident.resolvedText ?? d.timeText,
          by: `incident ${ids} resolved`,
        });
      }
      return;
    }
    const next = nextGood[i];
    recoveryEnd.set(
      d,
      next
        ? { at: next.time, atText: next.timeText, by: `deployment ${next.id} succeeded` }
        : { open: 'no successful deployment since' },
    );
  });
  const recovered: DeliveryMetrics['recoveryTime']['recovered'] = [];
  const unrecovered: { deployment: string; reason: string }[] = [];
  for (const d of windowed) {
    const end = recoveryEnd.get(d);
    if (!end) continue;
    if ('open' in end) unrecovered.push({ deployment: d.key, reason: end.open });
    else
      recovered.push({
        deployment: d.key,
        from: d.timeText,
        to: end.atText,
        hours: round(Math.max(0, end.at - d.time) / HOUR),
        by: end.by,
      });
  }

  // ── rework: deployments made while an earlier failure here was not yet recovered ──
  const spans: { start: number; end: number; cause: string }[] = [];
  for (const [d, end] of recoveryEnd)
    spans.push({
      start: d.time,
      end: 'open' in end ? Number.POSITIVE_INFINITY : end.at,
      cause: `after the failure of deployment ${d.id}`,
    });
  const scoped = links.filter((l) =>
    l.deployment
      ? l.deployment.environment === environment
      : l.incident.environment
        ? l.incident.environment === environment
        : isProduction(environment),
  );
  for (const l of scoped)
    spans.push({
      start: l.incident.openedAt,
      end: l.incident.resolvedAt ?? Number.POSITIVE_INFINITY,
      cause: `during incident ${l.incident.id}`,
    });
  spans.sort((a, b) => a.start - b.start || (a.cause < b.cause ? -1 : 1));
  const rework = windowed.flatMap((d) => {
    const span = spans.find((s) => s.start < d.time && d.time <= s.end);
    return span ? [{ deployment: d.key, during: span.cause }] : [];
  });

  const explain = options.explain ?? true;
  const rate = (n: number, of: number) => (of === 0 ? null : round(n / of, 4));
  const hours = changes.map((c) => c.hours);
  const sizes = changes.map((c) => c.commits.length);
  const incidentViews: IncidentView[] = !explain
    ? []
    : scoped
        .filter((l) => inWindow(l.incident.openedAt) || (l.deployment && inWindow(l.deployment.time)))
        .map((l) => ({
          key: l.incident.key,
          id: l.incident.id,
          openedAt: l.incident.openedText,
          resolvedAt: l.incident.resolvedText ?? null,
          environment: l.incident.environment ?? null,
          deployment: l.deployment?.key ?? null,
          rule: l.rule ?? null,
          link: l.text,
        }));
  return {
    workload,
    environment,
    production: isProduction(environment),
    window: { from: iso(from), to: iso(to), days: round((to - from) / DAY) },
    linkHorizonHours: options.linkHorizonHours,
    deploymentFrequency: {
      perWeek: weeks > 0 ? round(successes.length / weeks) : null,
      deployments: successes.length,
      deploymentDays: days.size,
      used: explain ? successes.map((d) => d.key) : [],
      rule: RULES.deploymentFrequency,
    },
    leadTime: {
      medianHours: hours.length ? round(median(hours) as number) : null,
      medianCommits: sizes.length ? median(sizes) : null,
      changes: explain ? changes : [],
      excluded: explain ? excluded : [],
      rule: RULES.leadTime,
    },
    changeFailureRate: {
      value: rate(failures.length, windowed.length),
      failing: failures.length,
      deployments: windowed.length,
      used: explain ? failures : [],
      rule: RULES.changeFailureRate,
    },
    recoveryTime: {
      medianHours: recovered.length ? round(median(recovered.map((r) => r.hours)) as number) : null,
      recovered: explain ? recovered : [],
      unrecovered: explain ? unrecovered : [],
      rule: RULES.recoveryTime,
    },
    reworkRate: {
      value: rate(rework.length, windowed.length),
      rework: rework.length,
      deployments: windowed.length,
      used: explain ? rework : [],
      rule: RULES.reworkRate,
    },
    deployments: (explain ? windowed : []).map(
      (d): DeploymentView => ({
        key: d.key,
        id: d.id,
        source: d.source,
        status: d.status,
        time: d.timeText,
        commits: d.commits.map((c) => c.sha),
        ref: d.ref ?? null,
        failing: failing(d),
        incidents: (causedBy.get(d) ?? []).map((l) => l.incident.key),
      }),
    ),
    incidents: incidentViews,
  };
}

/** The change a successful deployment carries, with each commit's time and where it came from. */
function changeOf(
  d: Deployment,
  previous: Deployment | undefined,
  source: CommitSource | undefined,
): LeadTimeChange | { reason: string } {
  const head = d.commits[0];
  if (!head) return { reason: 'the deployment names no commit' };
  const base = previous?.commits[0]?.sha;
  const commits: LeadTimeChange['commits'] = [];
  let note: string;
  if (d.commits.length > 1) {
    note = 'the commits the deployment event lists';
    for (const c of d.commits) {
      const known = c.time ? undefined : source?.commit(c.sha)?.time;
      const text = c.time ? utcTime(c.time) : known === undefined ? null : iso(known);
      commits.push({ sha: c.sha, time: text, from: c.time ? 'event' : 'git' });
    }
  } else if (source && base) {
    const walked = source.change(head.sha, base);
    if (walked === undefined)
      return { reason: `commit ${head.sha.slice(0, 12)} is not in the repository history` };
    if (walked.length === 0)
      return {
        reason: `a redeployment of ${head.sha.slice(0, 12)}, which deployment ${previous?.id} carried already`,
      };
    note = `the commits after ${base.slice(0, 12)} (deployment ${previous?.id}) up to ${head.sha.slice(0, 12)}`;
    for (const c of walked) commits.push({ sha: c.sha, time: iso(c.time), from: 'git' });
  } else {
    note = previous
      ? 'the deployed commit alone (no repository history to walk)'
      : 'the deployed commit alone (no earlier successful deployment to compare with)';
    const known = head.time ? undefined : source?.commit(head.sha)?.time;
    const text = head.time ? utcTime(head.time) : known === undefined ? null : iso(known);
    commits.push({ sha: head.sha, time: text, from: head.time ? 'event' : 'git' });
  }
  // UTC ISO text orders as time does: the least is the first commit.
  let firstCommit: LeadTimeChange['commits'][number] | undefined;
  for (const c of commits)
    if (c.time !== null && (!firstCommit?.time || c.time < firstCommit.time)) firstCommit = c;
  if (!firstCommit?.time) return { reason: 'no time is known for any commit of the change' };
  const first = Date.parse(firstCommit.time);
  return {
    deployment: d.key,
    commits,
    firstCommit: firstCommit.sha,
    firstCommitAt: firstCommit.time,
    hours: round(Math.max(0, d.time - first) / HOUR),
    change: note,
  };
}
