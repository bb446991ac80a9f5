/**
 * Charts of load-test runs, drawn on the server as SVG: for the HTML report and for the web UI,
 * which shows the same drawings of runs kept on a server.
 */
import { distributionFigure } from './distribution.js';
import { flowDistributionsFigure, flowsOverTimeFigure } from './multiples.js';
import { overTimeFigure } from './overTime.js';
import { responsesFigure } from './responses.js';
import type { FigureSpec } from './spec.js';
import { renderFigure } from './svg.js';
import type { ChartBaseline, ChartRun, ChartTargets, Figure } from './types.js';

export { PANEL_WIDTH } from './multiples.js';
export { FIGURE_CSS, figureHtml, renderFigure } from './svg.js';
export { type TrendPoint, trendFigure } from './trend.js';
export type {
  ChartBaseline,
  ChartBaselineFlow,
  ChartFlow,
  ChartRun,
  ChartTargets,
  ChartWindow,
  Figure,
  LegendEntry,
  LegendMark,
  Panel,
} from './types.js';

export interface FigureOptions {
  /** Pixel width of the single-panel figures; small multiples have a fixed panel size. */
  width: number;
  baseline?: ChartBaseline | undefined;
  targets?: ChartTargets | undefined;
  /** Names of the two runs when comparing stored runs: "this run" and "baseline" otherwise. */
  names?: { current: string; reference: string } | undefined;
}

const present = (f: FigureSpec | undefined): f is FigureSpec => f !== undefined;

function refs(opts: FigureOptions) {
  return {
    ...(opts.baseline ? { baseline: opts.baseline } : {}),
    ...(opts.targets ? { targets: opts.targets } : {}),
    ...(opts.names ? { names: opts.names } : {}),
  };
}

/** Figures drawn at one width (`single`) and those whose panels do not depend on it (`multiples`). */
export interface FigureSet {
  single: (width: number) => FigureSpec[];
  multiples: FigureSpec[];
}

/** A run's four views: over time, its distribution, per-flow small multiples, responses over time. */
export function runFigureSet(run: ChartRun, opts: Omit<FigureOptions, 'width'> = {}): FigureSet {
  return {
    single: (width) =>
      [
        overTimeFigure(run, width),
        distributionFigure(run.overall, width, refs({ ...opts, width })),
        responsesFigure(run, width),
      ].filter(present),
    multiples: [flowsOverTimeFigure(run, refs({ ...opts, width: 0 }))].filter(present),
  };
}

/** A comparison leads with the distributions, this run over the reference, then the run's own views. */
export function comparisonFigureSet(run: ChartRun, opts: Omit<FigureOptions, 'width'> = {}): FigureSet {
  const own = runFigureSet(run, opts);
  return {
    single: (width) => {
      const [overTime, distribution, responses] = own.single(width);
      return [distribution, overTime, responses].filter(present);
    },
    multiples: [flowDistributionsFigure(run.flows, refs({ ...opts, width: 0 })), ...own.multiples].filter(
      present,
    ),
  };
}

/** Every figure of a set drawn at one width, in reading order: the single ones, then the multiples. */
export async function drawFigureSet(set: FigureSet, width: number): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const spec of [...set.single(width), ...set.multiples]) out.push(await renderFigure(spec));
  return out;
}
