import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isInputError } from '../../diagnostics/index.js';
import {
  type Baseline,
  baselineFromSummary,
  compareRun,
  comparisonFigureSet,
  drawFigureSet,
  parseBaseline,
  parseTargets,
  type RunSummary,
  renderFigure,
  runFigureSet,
  type Targets,
  type TrendPoint,
  trendFigure,
} from '../../perf/index.js';
import { type PerfRun, type PerfRunDetail, PerfRunStore } from '../../store/index.js';
import { WorkloadParams } from '../apiSchemas.js';
import { badRequest, notFound } from '../errors.js';
import {
  asRunSummary,
  ChartQuery,
  chartWidth,
  figuresOf,
  PerfCompareParams,
  PerfFlowParams,
  PerfRunBody,
  PerfRunParams,
  RunFigures,
  RunListQuery,
  RunVerdict,
  StoredSummary,
  verdictOf,
} from '../perfRunSchemas.js';
import type { ApiRoutes, ServerOptions } from '../serverContext.js';

/** Charts are drawn this wide unless the client asks for its own width. */
const DEFAULT_WIDTH = 960;
/** A trend reads at most this many of the newest runs. */
const TREND_RUNS = 500;

/** The files a run was pushed with, read as `perf` reads them; a file that does not parse is a 400. */
function parsedFile<T>(
  text: string | undefined | null,
  what: string,
  parse: (t: string) => T,
): T | undefined {
  if (!text) return undefined;
  try {
    return parse(text);
  } catch (err) {
    if (isInputError(err)) throw badRequest(`not a valid ${what}: ${err.message}`);
    throw err;
  }
}

const baselineOf = (text: string | null | undefined) =>
  parsedFile(text, 'baseline', (t) => parseBaseline(t, 'baseline'));
const targetsOf = (text: string | null | undefined) =>
  parsedFile(text, 'targets file', (t) => parseTargets(t, 'targets'));

/** A run as lists show it: who pushed it, when it ran, its verdict and its "(all)" figures. */
function runView(r: PerfRun) {
  const figures = RunFigures.safeParse(r.figures);
  const verdict = RunVerdict.nullable().safeParse(r.verdict);
  const flows = figures.success ? figures.data.flows : [];
  return {
    id: r.id,
    pushedAt: r.pushedAt,
    pushedBy: r.pushedBy,
    startedAt: r.startedAt,
    name: r.name,
    kind: r.kind,
    baselineCreated: r.baselineCreated,
    sources: figures.success ? figures.data.sources : [],
    durationSec: figures.success ? figures.data.durationSec : null,
    verdict: verdict.success ? verdict.data : null,
    overall: flows.find((f) => f.flow === '(all)') ?? null,
  };
}

/** How a run is named on an axis or in a legend: its name, else when it ran (UTC). */
function runLabel(r: PerfRun): string {
  return r.name ?? (r.startedAt ?? r.pushedAt).slice(0, 16).replace('T', ' ');
}

function summaryOf(r: PerfRunDetail): RunSummary {
  const parsed = StoredSummary.safeParse(r.summary);
  if (!parsed.success) throw new Error(`stored run ${r.id} does not hold a run summary`);
  return asRunSummary(parsed.data);
}

/**
 * Where the baseline changed along runs in push order: at a run made the baseline, and at the
 * first run compared against a baseline other than the one before.
 */
export function baselineChanges(runs: readonly PerfRun[]): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | null = null;
  for (const r of runs) {
    if (r.kind === 'baseline') out.set(r.id, 'made the baseline');
    else if (r.baselineCreated !== null && current !== null && r.baselineCreated !== current)
      out.set(r.id, `compared against a new baseline (of ${r.baselineCreated})`);
    if (r.baselineCreated !== null) current = r.baselineCreated;
  }
  return out;
}

// What the routes answer: a run as lists show it, then each answer's own fields. Figures, charts
// and comparisons are what the perf core builds (typed there), passed through as they are.
const RunView = z.looseObject({
  id: z.string(),
  pushedAt: z.string(),
  pushedBy: z.string(),
  startedAt: z.string().nullable(),
  name: z.string().nullable(),
  kind: z.string(),
  baselineCreated: z.string().nullable(),
  sources: z.array(z.string()),
  durationSec: z.number().nullable(),
  verdict: z.unknown(),
  overall: z.unknown(),
});
const RunList = z.strictObject({ runs: z.array(RunView), flows: z.array(z.string()) });
const RunDetail = RunView.extend({
  flows: z.array(z.unknown()),
  summary: z.unknown(),
  baseline: z.unknown(),
  targets: z.string().nullable(),
});
const RunCharts = z.strictObject({ figures: z.array(z.unknown()) });
const FlowSeries = z.strictObject({
  flow: z.string(),
  points: z.array(z.looseObject({ runId: z.string(), pushedAt: z.string(), label: z.string() })),
  baselineChanges: z.array(z.strictObject({ runId: z.string(), at: z.string(), what: z.string() })),
  figure: z.unknown().optional(),
});
const RunComparison = z.strictObject({
  run: RunView,
  reference: RunView,
  comparison: z.unknown(),
  figures: z.array(z.unknown()).optional(),
});

/** Load-test runs pushed to the server, the trend of each flow across them, and any two compared. */
export function perfRunRoutes(opts: ServerOptions): ApiRoutes {
  const runs = new PerfRunStore(opts.store.db);
  const ownRun = async (req: FastifyRequest, runId: string) => {
    const w = req.workload;
    const run = await runs.get(w.id, runId);
    if (!run) throw notFound('run');
    return run;
  };
  const figuresFor = async (
    summary: RunSummary,
    refs: { baseline?: Baseline; targets?: Targets },
    width: number,
  ) => drawFigureSet(refs.baseline ? comparisonFigureSet(summary, refs) : runFigureSet(summary, refs), width);

  return async (api) => {
    api.post(
      '/workloads/:id/perf/runs',
      {
        config: { role: 'editor' },
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          tags: ['perf'],
          description:
            'Keeps a load-test run (`waymark perf summary|compare --push`): its summary, and the baseline and targets files it was read with. With a baseline or targets, the server judges it as `perf compare` does.',
          params: WorkloadParams,
          body: PerfRunBody,
          response: { 201: RunView },
        },
      },
      async (req, reply) => {
        const w = req.workload;
        const body = PerfRunBody.parse(req.body);
        const summary = asRunSummary(body.summary);
        const baseline = baselineOf(body.baseline);
        const targets = targetsOf(body.targets);
        if (body.kind === 'baseline' && !baseline)
          throw badRequest('a run made the baseline is sent with the baseline it became (baseline)');
        // A run made the baseline is not judged against itself.
        const judged =
          body.kind === 'run' && (baseline || targets) ? compareRun(summary, targets, baseline) : undefined;
        const run = await runs.add(req.actor, w.id, {
          name: body.name ?? null,
          kind: body.kind,
          startedAt: summary.startMs === null ? null : new Date(summary.startMs).toISOString(),
          baselineCreated: baseline?.created ?? null,
          figures: figuresOf(summary),
          verdict: judged ? verdictOf(judged) : null,
          summary: body.summary,
          baseline: body.baseline ?? null,
          targets: body.targets ?? null,
        });
        return reply.status(201).send(runView(run));
      },
    );

    api.get(
      '/workloads/:id/perf/runs',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['perf'],
          description: 'The newest runs first (up to `limit`, default 100), and the flows they hold.',
          params: WorkloadParams,
          querystring: RunListQuery,
          response: { 200: RunList },
        },
      },
      async (req) => {
        const w = req.workload;
        const { limit } = RunListQuery.parse(req.query);
        const list = await runs.list(w.id, Math.min(500, Math.max(1, Number(limit ?? 100))));
        const flows: string[] = [];
        for (const r of list) {
          const f = RunFigures.safeParse(r.figures);
          for (const x of f.success ? f.data.flows : []) if (!flows.includes(x.flow)) flows.push(x.flow);
        }
        return { runs: list.map(runView), flows };
      },
    );

    api.get(
      '/workloads/:id/perf/runs/:runId',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['perf'],
          description:
            'One run: its figures per flow, its verdicts, its summary and the baseline it was judged against.',
          params: PerfRunParams,
          response: { 200: RunDetail },
        },
      },
      async (req) => {
        const { runId } = PerfRunParams.parse(req.params);
        const run = await ownRun(req, runId);
        const figures = RunFigures.safeParse(run.figures);
        return {
          ...runView(run),
          flows: figures.success ? figures.data.flows : [],
          summary: summaryOf(run),
          baseline: baselineOf(run.baseline) ?? null,
          targets: run.targets,
        };
      },
    );

    api.get(
      '/workloads/:id/perf/runs/:runId/charts',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['perf'],
          description:
            "The run's charts as SVG (the HTML report's): over time, its distribution over its baseline, per-flow small multiples, responses over time.",
          params: PerfRunParams,
          querystring: ChartQuery,
          response: { 200: RunCharts },
        },
      },
      async (req) => {
        const { runId } = PerfRunParams.parse(req.params);
        const run = await ownRun(req, runId);
        const baseline = baselineOf(run.baseline);
        const targets = targetsOf(run.targets);
        const width = chartWidth(ChartQuery.parse(req.query)) ?? DEFAULT_WIDTH;
        return {
          figures: await figuresFor(
            summaryOf(run),
            { ...(baseline ? { baseline } : {}), ...(targets ? { targets } : {}) },
            width,
          ),
        };
      },
    );

    api.get(
      '/workloads/:id/perf/flows/:flow/series',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['perf'],
          description:
            "A flow across the workload's runs, oldest first: p50 to p99, error rate and throughput per run, and where the baseline changed. With `width`, the trend chart too.",
          params: PerfFlowParams,
          querystring: ChartQuery,
          response: { 200: FlowSeries },
        },
      },
      async (req) => {
        const { flow } = PerfFlowParams.parse(req.params);
        const w = req.workload;
        const all = (await runs.list(w.id, TREND_RUNS)).reverse();
        const changes = baselineChanges(all);
        const points = all.flatMap((r) => {
          const figures = RunFigures.safeParse(r.figures);
          const f = figures.success ? figures.data.flows.find((x) => x.flow === flow) : undefined;
          if (!f) return [];
          const change = changes.get(r.id);
          return [
            {
              runId: r.id,
              pushedAt: r.pushedAt,
              startedAt: r.startedAt,
              name: r.name,
              label: runLabel(r),
              kind: r.kind,
              ...f,
              ...(change ? { baselineChange: change } : {}),
            },
          ];
        });
        if (points.length === 0) throw notFound('flow');
        const width = chartWidth(ChartQuery.parse(req.query));
        const trend: TrendPoint[] = points.map((p) => ({
          label: p.label,
          p95: p.p95,
          p99: p.p99,
          errorRate: p.errorRate,
          throughput: p.throughput,
          ...(p.baselineChange ? { baselineChange: p.baselineChange } : {}),
        }));
        return {
          flow,
          points,
          baselineChanges: points.flatMap((p) =>
            p.baselineChange ? [{ runId: p.runId, at: p.pushedAt, what: p.baselineChange }] : [],
          ),
          ...(width ? { figure: await renderFigure(trendFigure(flow, trend, width)) } : {}),
        };
      },
    );

    api.get(
      '/workloads/:id/perf/runs/:runId/compare/:otherRunId',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['perf'],
          description:
            'Run `runId` judged against run `otherRunId` as its baseline, by the rules of `perf compare` and the targets `runId` was pushed with. With `width`, the two distributions overlaid, of all requests and per flow.',
          params: PerfCompareParams,
          querystring: ChartQuery,
          response: { 200: RunComparison },
        },
      },
      async (req) => {
        const { runId, otherRunId } = PerfCompareParams.parse(req.params);
        const run = await ownRun(req, runId);
        const reference = await ownRun(req, otherRunId);
        const current = summaryOf(run);
        const base = {
          ...baselineFromSummary(summaryOf(reference), new Date(reference.pushedAt)),
          file: `run ${runLabel(reference)}`,
        };
        const targets = targetsOf(run.targets);
        const comparison = compareRun(current, targets, base);
        const width = chartWidth(ChartQuery.parse(req.query));
        // Distinct even when both runs carry the same name: a legend names each once.
        const names = { current: runLabel(run), reference: `${runLabel(reference)} (reference)` };
        // The two distributions overlaid: each run's own views are under /charts.
        const set = comparisonFigureSet(current, { baseline: base, ...(targets ? { targets } : {}), names });
        const distributions = {
          single: (w: number) => set.single(w).filter((f) => f.id === 'distribution'),
          multiples: set.multiples.filter((f) => f.id === 'flow-distributions'),
        };
        return {
          run: runView(run),
          reference: runView(reference),
          comparison,
          ...(width ? { figures: await drawFigureSet(distributions, width) } : {}),
        };
      },
    );
  };
}
