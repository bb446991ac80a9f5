/**
 * Flows drawn against the parts they pass through: sequence diagrams and flowcharts written as
 * text (Mermaid, PlantUML), and architecture or flow pictures that the documentation shows.
 *
 * A diagram names components; whether every critical flow has one cannot be read from it, so the
 * claim is partial. Diagrams of the delivery pipeline (commit, build, registry, deploy) are about
 * how code ships, not how a request flows, and are left out.
 */
import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

const P = {
  mapped: 'pe.2.critical-flows.mapped',
  inventory: 'pe.2.critical-flows.inventory',
};

const DOCS = ['.md', '.mdx', '.markdown', '.rst', '.adoc'];
const DIAGRAM_FILES = ['.mmd', '.mermaid', '.puml', '.plantuml', '.pu'];

/** Where a text diagram starts: a Mermaid fence or file, or a PlantUML block. */
const DIAGRAM_START = /^\s*(```\s*mermaid\b|:::\s*mermaid\b|\.\.\s+mermaid::|@startuml\b)/im;
/** The first statement of a Mermaid diagram says what kind it is. */
const MERMAID_KIND = /^\s*(sequenceDiagram|flowchart|graph)\b/;
/** Steps of the delivery pipeline; a diagram made of them shows shipping, not a user flow. */
const DELIVERY =
  /\b(git\s*hub|gitlab|cloud\s*build|jenkins|pipeline|ci\b|cd\b|commit|pull request|merge|branch|artifact registry|container registry|docker hub|release|canary|build|deploy(ment)?s?)\b/gi;
/** Parts of a running system: stores, queues, services a request reaches. */
const COMPONENT =
  /\b(db|database|sql|postgres\w*|mysql|mongo\w*|redis|cache|cosmos|dynamo\w*|firestore|s3|bucket|blob|storage|queue|sqs|sns|kafka|rabbit\w*|pub\/?sub|event\s*hub|service\s*bus|api|gateway|service|server|backend|frontend|worker|lambda|function)\b/i;

interface Diagram {
  at: EvidenceLocation;
  kind: 'sequence' | 'flowchart';
  /** Participants or node labels, lower-cased. */
  parts: Set<string>;
}

/** Splits a document into the text diagrams it holds, with the line each one starts on. */
function diagramsIn(path: string, text: string, wholeFile: boolean): Diagram[] {
  const lines = text.split('\n');
  const out: Diagram[] = [];
  let i = 0;
  while (i < lines.length) {
    let start = i;
    if (!wholeFile) {
      while (start < lines.length && !DIAGRAM_START.test(lines[start] ?? '')) start++;
      if (start >= lines.length) break;
    }
    const plantUml = /@startuml/i.test(lines[start] ?? '') || /\.(puml|plantuml|pu)$/i.test(path);
    const body: string[] = [];
    let j = wholeFile ? start : start + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (
        !wholeFile &&
        (/^\s*```/.test(l) || /@enduml/i.test(l) || (/^\S/.test(l) && /^\.\./.test(lines[start] ?? '')))
      )
        break;
      body.push(l);
    }
    const d = plantUml ? plantUmlDiagram(body) : mermaidDiagram(body);
    if (d) out.push({ ...d, at: { file: path, line: start + 1 } });
    if (wholeFile) break;
    i = j + 1;
  }
  return out;
}

function mermaidDiagram(body: readonly string[]): Omit<Diagram, 'at'> | undefined {
  const first = body.find((l) => l.trim() && !/^\s*(%%|---|title\b|config\b)/.test(l)) ?? '';
  const kind = MERMAID_KIND.exec(first)?.[1];
  if (!kind) return undefined;
  const parts = new Set<string>();
  if (kind === 'sequenceDiagram') {
    for (const l of body) {
      const decl = /^\s*(?:participant|actor)\s+(.+?)(?:\s+as\s+(.+))?\s*$/.exec(l);
      if (decl) parts.add((decl[2] ?? decl[1] ?? '').toLowerCase());
      const msg = /^\s*([^:%]+?)\s*-[-)x>]*>>?[+-]?\s*([^:]+?)\s*:/.exec(l);
      if (msg) for (const p of [msg[1], msg[2]]) if (p) parts.add(p.toLowerCase());
    }
    return { kind: 'sequence', parts };
  }
  for (const l of body) {
    // Node labels: `A[Label]`, `B(Label)`, `C{Label}`, `D[(Store)]`, or bare ids around an edge.
    for (const m of l.matchAll(/\b\w+\s*[[({]+\s*["']?([^\]"')}]+)/g))
      if (m[1]) parts.add(m[1].trim().toLowerCase());
    const edge = /^\s*(\w+)[^-=.]*[-=.]{2,}>?\|?[^|]*\|?\s*(\w+)/.exec(l);
    if (edge && !/[[({]/.test(l)) for (const p of [edge[1], edge[2]]) if (p) parts.add(p.toLowerCase());
  }
  return { kind: 'flowchart', parts };
}

function plantUmlDiagram(body: readonly string[]): Omit<Diagram, 'at'> | undefined {
  const parts = new Set<string>();
  let messages = 0;
  for (const l of body) {
    const decl =
      /^\s*(?:participant|actor|database|queue|entity|boundary|control|collections)\s+"?([^"\n]+?)"?(?:\s+as\s+(\w+))?\s*$/.exec(
        l,
      );
    if (decl) parts.add((decl[1] ?? '').toLowerCase());
    if (/^\s*\S+\s*-+>>?\s*\S+\s*:/.test(l)) messages++;
  }
  return messages ? { kind: 'sequence', parts } : undefined;
}

/** A diagram of a running system: three or more parts, one of them a component, not a pipeline. */
function isFlowMap(d: Diagram): boolean {
  const parts = [...d.parts];
  if (parts.length < 3) return false;
  const delivery = parts.filter((p) => (p.match(DELIVERY) ?? []).length > 0).length;
  if (delivery * 2 >= parts.length) return false;
  return parts.some((p) => COMPONENT.test(p));
}

/** `![alt](path)`, `<img src="path" alt="...">`, and reStructuredText `.. image:: path`. */
const IMAGE_REF =
  /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)|<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["'][^>]*>|^\.\.\s+(?:image|figure)::\s*(\S+)/gim;
/** What an architecture or flow picture is called, in its file name or alt text. */
const ARCHITECTURE =
  /(^|[^a-z])(arch(itecture)?|diagram|topology|data-?flow|sequence|component[s-]?map)([^a-z]|$)/i;
const FLOW = /(^|[^a-z])flows?([^a-z]|$)/i;
const IMAGE_EXT = /\.(png|svg|jpe?g|gif|webp)$/i;

/** Resolves a relative image reference against the document that makes it. */
function resolve(doc: string, ref: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return undefined;
  const clean = ref.split(/[?#]/)[0] ?? '';
  const parts = clean.startsWith('/') ? [] : doc.split('/').slice(0, -1);
  for (const seg of clean.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/**
 * Pictures a document shows whose name or caption says architecture, diagram or topology. A picture
 * called a flow counts only in a README: product documentation calls its features flows.
 */
async function pictures(repo: RepoView): Promise<{ at: EvidenceLocation; flow: boolean; image: string }[]> {
  const docs = byPath(repo.byExt(...DOCS));
  const out: { at: EvidenceLocation; flow: boolean; image: string }[] = [];
  const seen = new Set<string>();
  for (const h of await grepFiles(
    repo,
    docs,
    /!\[|<img\b|^\.\.\s+(image|figure)::/im,
    800,
    /(^|\/)readme\./i,
  )) {
    const readme = /(^|\/)readme\.[^/]+$/i.test(h.file.path);
    for (const m of h.text.matchAll(IMAGE_REF)) {
      const ref = m[2] ?? m[3] ?? m[4] ?? '';
      const alt = m[1] ?? /\balt\s*=\s*["']([^"']*)["']/i.exec(m[0])?.[1] ?? '';
      const path = resolve(h.file.path, ref);
      if (!path || seen.has(path) || !IMAGE_EXT.test(path) || !(repo.get(path) || repo.hasPicture(path)))
        continue;
      const name = `${path.split('/').pop() ?? ''} ${alt}`;
      const arch = ARCHITECTURE.test(name);
      const flow = FLOW.test(name) && !/logo|icon|badge|screenshot/i.test(name);
      if (!arch && !(flow && readme)) continue;
      seen.add(path);
      const line = h.text.slice(0, m.index).split('\n').length;
      out.push({ at: { file: h.file.path, line }, flow, image: path });
    }
  }
  return out;
}

export default defineDetector({
  meta: {
    id: 'flow-maps',
    title: 'Flows mapped to the components they pass through',
    practices: Object.values(P),
    docs: 'Looks for diagrams that map flows to components: Mermaid sequence diagrams and flowcharts (fenced in documents or in .mmd files) and PlantUML sequence diagrams with three or more participants, one of them a store, queue, service or API; and pictures a document shows whose file name or caption says architecture, diagram, topology or data flow (or, in a README, flow). Diagrams made of delivery steps (commits, builds, registries, deployments) show how code ships, not how a request flows, and are left out. Low: whether each critical flow has its map cannot be read from a picture. Two or more diagrams or pictures of flows also list the flows they draw (a partial inventory, low).',
  },
  async detect(repo) {
    const texts: Diagram[] = [];
    const docs = byPath(repo.byExt(...DOCS));
    for (const h of await grepFiles(repo, docs, DIAGRAM_START, 800))
      texts.push(...diagramsIn(h.file.path, h.text, false).filter(isFlowMap));
    for (const f of byPath(repo.byExt(...DIAGRAM_FILES))) {
      const text = await repo.read(f.path);
      if (text === undefined) continue;
      const whole = !/@startuml/i.test(text);
      texts.push(...diagramsIn(f.path, text, whole).filter(isFlowMap));
    }
    const pics = await pictures(repo);
    if (!texts.length && !pics.length) return [];
    const out: Claim[] = [];
    const locs = [...texts.map((d) => d.at), ...pics.map((p) => p.at)];
    const what = [
      texts.length ? `${texts.length} text diagram${texts.length > 1 ? 's' : ''}` : '',
      pics.length ? `${pics.length} architecture or flow picture${pics.length > 1 ? 's' : ''}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    out.push(
      present(
        [P.mapped],
        'low',
        locs.slice(0, 8),
        `${what} show which components flows pass through; whether each critical flow has one is not known`,
      ),
    );
    // Several drawings of distinct flows (sequence diagrams, pictures named for a flow) list them.
    const flows = [
      ...texts.filter((d) => d.kind === 'sequence').map((d) => d.at),
      ...pics.filter((p) => p.flow).map((p) => p.at),
    ];
    if (flows.length >= 2)
      out.push(
        present(
          [P.inventory],
          'low',
          flows.slice(0, 8),
          `${flows.length} flows are drawn one by one; flows without a drawing may be missing`,
        ),
      );
    return out;
  },
});
