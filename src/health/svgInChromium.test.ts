// The SVG health graph as Chromium draws it: text inside its boxes, the legend inside the picture,
// no edge through a box it does not join, no two arrowheads on one point, and a dashed edge from
// the workload to every critical component. Geometry is read from the rendered SVG (getBBox,
// getPointAtLength), so a font or layout change that spills shows here.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testing/browser.js';
import { REPO_ROOT } from '../testing/index.js';
import type { HealthGraph } from './graph.js';
import { renderSvg } from './svg.js';

const ok = (id: string, name: string, critical: boolean, dependsOn: string[]) => ({
  id,
  name,
  critical,
  dependsOn,
  state: 'healthy' as const,
});

/** `n` components, each depending on two or three of the next forty, a tenth critical (seeded, so every run draws the same). */
function layeredDag(n: number): HealthGraph {
  let seed = 7;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const components = Array.from({ length: n }, (_, i) => ({
    ...ok(
      `component-${i}`,
      i % 4 === 0 ? `Service ${i} with a longer descriptive name` : `svc-${i}`,
      i % 10 === 0,
      [],
    ),
    dependsOn: [] as string[],
  }));
  components.forEach((c, i) => {
    for (let k = 2 + Math.floor(next() * 2); k > 0; k--) {
      const dep = components[i + 1 + Math.floor(next() * Math.min(40, n - i))];
      if (dep && !c.dependsOn.includes(dep.id)) c.dependsOn.push(dep.id);
    }
  });
  return { workload: 'fleet', state: 'healthy', components };
}

const CASES: Record<string, HealthGraph> = {
  'sixty components with two or three dependencies each': layeredDag(60),
  'one box wide, a long name and a critical mark': {
    workload: 'checkout',
    state: 'healthy',
    components: [ok('only', 'The only component, with a name well over twenty-four characters', true, [])],
  },
  'a storefront: fan-in on a critical database, long ids, a critical leaf': {
    workload: 'storefront',
    state: 'degraded',
    components: [
      ok('web', 'Storefront web frontend served from three regions', true, ['api', 'search', 'cdn']),
      ok('api', 'Orders API', true, ['db', 'cache', 'queue', 'identity']),
      ok('search', 'search', false, ['db', 'cache']),
      ok('cdn', 'cdn', false, []),
      { ...ok('db', 'PostgreSQL primary database (eu-west-1)', true, []), state: 'degraded' },
      ok('cache', 'cache', false, ['db']),
      {
        ...ok('queue', 'payments-settlement-queue-consumer-group-with-a-very-long-id', false, ['db']),
        state: 'unknown',
      },
      ok('identity', 'Identity provider', true, []),
      ok('batch', 'Nightly batch', false, ['db', 'queue']),
    ],
  },
  'twenty services on one shared dependency, not evaluated': {
    workload: 'platform',
    components: [
      ...Array.from({ length: 20 }, (_, i) => ({
        id: `svc-${i}`,
        name: `Service number ${i}`,
        critical: i % 5 === 0,
        dependsOn: ['shared'],
      })),
      { id: 'shared', name: 'Shared Kubernetes cluster', critical: true, dependsOn: [] },
    ],
  },
};

interface Geometry {
  width: number;
  height: number;
  problems: string[];
  criticalIds: string[];
  rolledUpTo: string[];
}

// The checks run in the page, on the browser's own measurements; they are plain JavaScript in a
// fixture so that this file needs no DOM types.
const GEOMETRY = join(REPO_ROOT, 'test/fixtures/health/svgGeometry.js');

async function check(page: Page, svg: string): Promise<Geometry> {
  await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
  await page.addScriptTag({ path: GEOMETRY });
  return (await page.evaluate('measureSvg()')) as Geometry;
}

const rectOf = (svg: string, id: string) => {
  const m = new RegExp(
    `data-id="${id}">\\n<title>[^<]*</title>\\n<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"`,
  ).exec(svg);
  const [x, y, w, h] = (m?.slice(1) ?? []).map(Number);
  return { x: x ?? 0, y: y ?? 0, w: w ?? 0, h: h ?? 0 };
};

describe('the SVG health graph in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  });
  after(async () => {
    await browser?.close();
  });

  for (const [name, graph] of Object.entries(CASES))
    it(name, async () => {
      const g = await check(page, await renderSvg(graph));
      assert.deepEqual(g.problems, []);
      assert.ok(g.criticalIds.length > 0);
      for (const id of g.criticalIds.filter((id) => id !== 'workload'))
        assert.ok(g.rolledUpTo.includes(id), `no dashed edge from the workload to critical ${id}`);
    });

  it('the checks catch a box whose text spills and an edge drawn through a box', async () => {
    const svg = await renderSvg(
      CASES['a storefront: fan-in on a critical database, long ids, a critical leaf'] as HealthGraph,
    );
    // Shrink one box, and draw a straight edge from the workload to the database, across the
    // frontend's box below the workload: both must be reported.
    const w = rectOf(svg, 'workload');
    const db = rectOf(svg, 'db');
    const straight = `<path class="edge dependsOn" d="M ${w.x + w.w / 2} ${w.y + w.h} L ${db.x + db.w / 2} ${db.y}"/>`;
    const shrunk = svg.replace(
      /(data-id="db">\n<title>[^<]*<\/title>\n<rect x="[^"]+" y="[^"]+" width=")[^"]+/,
      '$140',
    );
    const spilt = await check(page, shrunk);
    assert.ok(
      spilt.problems.some((p) => /spills out of box db/.test(p)),
      spilt.problems.join('\n'),
    );
    const crossed = await check(page, svg.replace('</svg>', `${straight}</svg>`));
    assert.deepEqual(crossed.problems, ['edge workload → db runs through box web']);
  });
});
