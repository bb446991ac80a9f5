import { type FigureSpec, FONT, INK, type PanelSpec } from './spec.js';
import type { Figure, LegendEntry } from './types.js';

/**
 * Draws figures as SVG with ECharts' server-side renderer, the chart library of the web UI. ECharts
 * is loaded on the first figure only: commands that draw nothing never pay for it.
 */

type ECharts = typeof import('echarts');
let loaded: Promise<ECharts> | undefined;
let drawn = 0;

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * ECharts numbers the ids of each chart's clip paths (zr0-c0, zr1-c0, ...) from 0 in every process,
 * so two SVGs inline in one page, drawn by two processes, would clip each other's lines. Ids in
 * tags and in the style block get a prefix unique to the panel; text is left as it is.
 */
function ownIds(svg: string, prefix: string): string {
  return svg.replace(/<[^>]*>|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => m.replace(/\bzr\d+-/g, `${prefix}-`));
}

/**
 * ECharts lays text out by its own estimate of each label's width (no canvas on a server), which
 * is narrower than DejaVu Sans, the sans-serif of many Linux desktops: axis labels it judged apart
 * were drawn overlapping. This estimate errs wide (DejaVu's widths, rounded up), so labels that
 * would touch are left out instead.
 */
function measureText(text: string, font?: string): { width: number } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
  const bold = /bold|[6-9]00/.test(font ?? '');
  let em = 0;
  for (const ch of text) {
    if (/[0-9]/.test(ch)) em += 0.64;
    else if (/[.,:;'|!il]/.test(ch)) em += 0.36;
    else if (ch === ' ') em += 0.33;
    else if (/[a-z]/.test(ch)) em += ch === 'm' || ch === 'w' ? 0.98 : 0.64;
    else if (/[A-Z%]/.test(ch)) em += 0.96;
    else if (ch.charCodeAt(0) < 128) em += 0.7;
    else em += 1;
  }
  return { width: em * size * (bold ? 1.1 : 1) };
}

async function loadEcharts(): Promise<ECharts> {
  const echarts = await import('echarts');
  echarts.setPlatformAPI({ measureText });
  return echarts;
}

function drawPanel(echarts: ECharts, p: PanelSpec, label: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: p.width, height: p.height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT, color: INK },
      ...p.option,
    });
    const svg = ownIds(chart.renderToSVGString(), `wm${process.pid.toString(36)}x${(++drawn).toString(36)}`);
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${esc(label)}" `);
  } finally {
    chart.dispose();
  }
}

export async function renderFigure(spec: FigureSpec): Promise<Figure> {
  loaded ??= loadEcharts();
  const echarts = await loaded;
  return {
    id: spec.id,
    title: spec.title,
    ...(spec.note ? { note: spec.note } : {}),
    legend: spec.legend,
    panels: spec.panels.map((p) => ({
      ...(p.title ? { title: p.title } : {}),
      width: p.width,
      height: p.height,
      svg: drawPanel(echarts, p, p.title ? `${spec.title}: ${p.title}` : spec.title),
    })),
  };
}

function legendHtml(entries: readonly LegendEntry[]): string {
  if (entries.length === 0) return '';
  const items = entries.map(
    (e) =>
      `<li data-legend-color="${esc(e.color)}"><span class="mark mark-${e.mark}" style="--c:${esc(e.color)}"></span>${esc(e.label)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

/**
 * A figure as HTML: the title and the legend are text beside the SVG (they wrap; they cannot run
 * into each other), small multiples in a grid that reflows with the width. `variant` marks a
 * figure drawn for wide or for narrow screens (see FIGURE_CSS).
 */
export function figureHtml(f: Figure, variant?: 'wide' | 'narrow'): string {
  const multiple = f.panels.length > 1 || f.panels.some((p) => p.title);
  const panels = f.panels.map((p) =>
    multiple
      ? `<div class="panel">${p.title ? `<h4>${esc(p.title)}</h4>` : ''}${p.svg}</div>`
      : `<div class="panel">${p.svg}</div>`,
  );
  const cls = ['chart', multiple ? 'multiples' : '', variant ?? ''].filter(Boolean).join(' ');
  return `<figure class="${cls}" id="${esc(f.id)}${variant ? `-${variant}` : ''}"><figcaption>${esc(f.title)}</figcaption>${legendHtml(f.legend)}<div class="panels">${panels.join('')}</div>${f.note ? `<p class="chart-note">${esc(f.note)}</p>` : ''}</figure>`;
}

/** The style figureHtml's markup needs; `.wide` and `.narrow` variants switch at 640 px. */
export const FIGURE_CSS = `
figure.chart{margin:18px 0 26px}
figure.chart figcaption{font-weight:600;margin:0 0 4px}
figure.chart svg{display:block;max-width:100%;height:auto}
ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:2px 16px;margin:0 0 6px;padding:0;font-size:13px}
ul.legend li{display:inline-flex;align-items:center;gap:6px;white-space:nowrap}
.mark{display:inline-block;width:20px;height:0;border-top:2px solid var(--c)}
.mark-dashed{border-top-style:dashed}.mark-dotted{border-top-style:dotted}
.mark-band,.mark-bar{height:10px;border:0;background:var(--c);opacity:.75}.mark-band{opacity:.45}
.mark-marker{width:0;height:0;border-left:6px solid transparent;border-right:6px solid transparent;border-top:9px solid var(--c)}
figure.multiples .panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:10px 14px}
figure.multiples .panel{display:flex;flex-direction:column}
figure.multiples .panel svg{margin-top:auto;width:100%}
figure.multiples h4{font-size:13px;font-weight:600;margin:0 0 2px;overflow-wrap:anywhere}
.chart-note{font-size:12px;color:#666;margin:4px 0 0}
@media (max-width:640px){figure.chart.wide{display:none}}
@media (min-width:641px){figure.chart.narrow{display:none}}
`;
