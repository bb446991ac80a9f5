/**
 * Parsers that find declarations in each IaC language (Bicep, Terraform, ARM and CloudFormation
 * JSON, CloudFormation/SAM YAML, Compose, azd, Kubernetes), with comment-blanking scanners so that
 * text in comments and strings is never taken for a declaration.
 */
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import type { CloudResource } from './cloudResourceTypes.js';
import type { KubeDoc } from './k8s.js';

// ── Scanners ────────────────────────────────────────────────────────────────────────────────

type Syntax = 'bicep' | 'hcl' | 'json';

/**
 * The text with comments replaced by spaces (line breaks kept, so offsets and lines still match)
 * and, in `strings`, a mark for every character inside a string literal.
 */
export function scan(text: string, syntax: Syntax): { code: string; inString: Uint8Array } {
  const n = text.length;
  const chars = text.split('');
  const inString = new Uint8Array(n);
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (chars[k] !== '\n') chars[k] = ' ';
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    const d = text[i + 1];
    if (c === '/' && d === '/' && syntax !== 'json') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === '#' && syntax === 'hcl') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === '/' && d === '*') {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      blank(i, end);
      i = end;
    } else if (syntax === 'bicep' && c === "'" && text.startsWith("'''", i)) {
      const e = text.indexOf("'''", i + 3);
      const end = e < 0 ? n : e + 3;
      inString.fill(1, i, end);
      i = end;
    } else if ((syntax === 'bicep' && c === "'") || (syntax !== 'bicep' && c === '"')) {
      let k = i + 1;
      while (k < n && text[k] !== c && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      inString.fill(1, i, Math.min(n, k + 1));
      i = k + 1;
    } else if (syntax === 'hcl' && c === '<' && d === '<') {
      const m = /^<<-?\s*["']?([A-Za-z_]\w*)["']?[ \t]*\r?\n/.exec(text.slice(i, i + 100));
      if (!m) {
        i += 2;
        continue;
      }
      const marker = new RegExp(`^[ \\t]*${m[1]}[ \\t]*\\r?$`, 'm');
      const rest = text.slice(i + m[0].length);
      const e = marker.exec(rest);
      const end = e ? i + m[0].length + e.index + e[0].length : n;
      inString.fill(1, i, end);
      i = end;
    } else i++;
  }
  return { code: chars.join(''), inString };
}

/** Index of the brace closing the one at `open` (outside strings), or the end of the text. */
function closing(code: string, inString: Uint8Array, open: number, pair = '{}'): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (inString[i]) continue;
    const c = code[i];
    if (c === pair[0]) depth++;
    else if (c === pair[1]) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return code.length - 1;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of the start of the line holding `index`. */
function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** A counter that turns offsets into lines, for offsets visited in increasing order. */
function lineCounter(text: string): (index: number) => number {
  let pos = 0;
  let line = 1;
  return (index) => {
    if (index < pos) {
      pos = 0;
      line = 1;
    }
    for (; pos < index; pos++) if (text.charCodeAt(pos) === 10) line++;
    return line;
  };
}

// ── Bicep ───────────────────────────────────────────────────────────────────────────────────

const AVM = /^br(?:\/public:|:mcr\.microsoft\.com\/bicep\/)(avm\/(?:res|ptn|utl)\/[\w./-]+?):[\w.-]+$/i;

export function parseBicep(file: string, text: string, scanned = scan(text, 'bicep')): CloudResource[] {
  const { code, inString } = scanned;
  const falseParams = new Set(
    [...code.matchAll(/^\s*param\s+(\w+)\s+bool\s*=\s*false\b/gm)].map((m) => m[1] as string),
  );
  const decl = /^[ \t]*(resource|module)\s+(\w+)\s+'([^']+)'\s*(existing\s*)?=\s*/gm;
  const found: (CloudResource & { start: number; end: number; existing?: boolean })[] = [];
  const line = lineCounter(text);
  for (let m = decl.exec(code); m; m = decl.exec(code)) {
    if (inString[m.index + m[0].length - 1]) continue;
    const [, keyword, name, ref] = m as unknown as [string, string, string, string];
    let type: string;
    let form: CloudResource['form'] = 'resource';
    if (keyword === 'module') {
      const avm = AVM.exec(ref);
      if (avm) type = (avm[1] as string).toLowerCase();
      else if (/^br[:/]/.test(ref)) type = ref.replace(/:[\w.-]+$/, '');
      else continue; // a local module: its own file is indexed
      form = 'module';
    } else type = ref.replace(/@[\w.-]+$/, '');
    const after = m.index + m[0].length;
    const open = code.indexOf('{', after);
    if (open < 0) continue;
    const head = code.slice(after, open);
    const cond = /\bif\s*\(\s*(\w+)\s*\)/.exec(head);
    const close = closing(code, inString, open);
    const start = lineStart(code, m.index);
    const declLine = line(m.index + (m[0].length - m[0].trimStart().length));
    found.push({
      lang: 'bicep',
      type,
      form,
      name,
      file,
      line: declLine,
      bodyLine: declLine,
      body: code.slice(start, close + 1),
      ...(cond && falseParams.has(cond[1] as string) ? { optional: true } : {}),
      ...(m[4] ? { existing: true } : {}),
      start,
      end: close,
    });
  }
  // A nested child resource (`resource subnet 'subnets' = {...}` inside a VNet) gets its parent's type.
  for (const r of found) {
    if (r.form !== 'resource' || r.type.includes('/')) continue;
    const parent = found
      .filter((p) => p !== r && p.start < r.start && p.end > r.end && p.type.includes('/'))
      .sort((a, b) => b.start - a.start)[0];
    if (parent) r.type = `${parent.type}/${r.type}`;
  }
  // An `existing` resource refers to one declared elsewhere; it only lends its type to its children.
  return found.filter((r) => !r.existing).map(({ start: _s, end: _e, existing: _x, ...r }) => r);
}

// ── Terraform ───────────────────────────────────────────────────────────────────────────────

/** `namespace/name/provider` of a registry source, with an optional `//submodule`. */
const REGISTRY =
  /^(?:(?:registry\.terraform\.io|app\.terraform\.io|[\w.-]+\.[a-z]{2,})\/)?([\w-]+\/[\w-]+\/[\w-]+)(\/\/[\w./-]+)?$/;

/** Sources fetched from another repository or store when Terraform initialises. */
const REMOTE_SOURCE = /^(git::|hg::|s3::|gcs::|git@|https?:\/\/|(github\.com|bitbucket\.org|gitlab\.com)\/)/;

/**
 * A module source as a short name: `git::https://github.com/org/terraform-modules.git//aks/redis?ref=v1`
 * becomes `org/terraform-modules//aks/redis`; a local path loses its leading `./`.
 */
export function sharedModuleName(source: string): string {
  return source
    .replace(/^(git|hg|s3|gcs)::/, '')
    .replace(/^(https?:\/\/|ssh:\/\/)?(git@)?/, '')
    .replace(/^(github\.com|gitlab\.com|bitbucket\.org)[/:]/, '')
    .replace(/\.git(?=\/\/|\?|$)/, '')
    .replace(/\?.*$/, '')
    .replace(/^\.\//, '');
}

/**
 * Terraform resources, registry modules, and shared modules: those fetched from another repository
 * (`git::…`, `github.com/…`) and local paths the repository does not hold (`missing`, for modules
 * vendored in when the pipeline runs). A shared module's type is `shared:` and its short name; its
 * inputs are all that can be read of it.
 */
export function parseTerraform(
  file: string,
  text: string,
  scanned = scan(text, 'hcl'),
  missing: (source: string) => boolean = () => false,
): CloudResource[] {
  const { code, inString } = scanned;
  const decl = /^[ \t]*(resource|module)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{/gm;
  const out: CloudResource[] = [];
  const line = lineCounter(text);
  for (let m = decl.exec(code); m; m = decl.exec(code)) {
    const [, keyword, first, second] = m as unknown as [string, string, string, string | undefined];
    const open = m.index + m[0].length - 1;
    const close = closing(code, inString, open);
    const start = lineStart(code, m.index);
    const body = code.slice(start, close + 1);
    const declLine = line(m.index + (m[0].length - m[0].trimStart().length));
    if (keyword === 'resource') {
      if (second === undefined) continue;
      out.push({
        lang: 'terraform',
        type: first,
        form: 'resource',
        name: second,
        file,
        line: declLine,
        bodyLine: declLine,
        body,
      });
      continue;
    }
    const src = /^\s*source\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const reg = src && !src.startsWith('.') ? REGISTRY.exec(src) : null;
    const shared =
      src !== undefined && !reg && (REMOTE_SOURCE.test(src) || (src.startsWith('.') && missing(src)));
    if (!src || (!reg && !shared)) continue;
    out.push({
      lang: 'terraform',
      type: reg ? `${reg[1]}${reg[2] ?? ''}` : `shared:${sharedModuleName(src)}`,
      form: 'module',
      name: first,
      file,
      line: declLine,
      bodyLine: declLine,
      body,
    });
  }
  return out;
}

// ── ARM and CloudFormation JSON ─────────────────────────────────────────────────────────────

export function parseJsonResources(
  file: string,
  text: string,
  lang: 'arm' | 'bicep' | 'cloudformation',
  scanned = scan(text, 'json'),
): CloudResource[] {
  const { code, inString } = scanned;
  const key =
    lang === 'cloudformation'
      ? /"Type"\s*:\s*"(AWS::[\w:]+|Custom::[\w]+)"/y
      : /"type"\s*:\s*"([A-Za-z]+\.[A-Za-z.]+\/[^"[\]]+)"/iy;
  const nameKey = lang === 'cloudformation' ? null : /"name"\s*:\s*"([^"]*)"/g;
  const stack: { open: number; type?: string; typeAt?: number; key?: string }[] = [];
  const out: CloudResource[] = [];
  let lastKey: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"' && !(i > 0 && inString[i - 1])) {
      key.lastIndex = i;
      const m = key.exec(code);
      const top = stack[stack.length - 1];
      if (m && top && top.type === undefined) {
        top.type = (m[1] as string).replace(/@[\w.-]+$/, '');
        top.typeAt = i;
      }
      const s = /"((?:[^"\\]|\\.)*)"\s*:/y;
      s.lastIndex = i;
      const k = s.exec(code);
      if (k) lastKey = k[1];
      continue;
    }
    if (inString[i]) continue;
    if (c === '{') stack.push({ open: i, ...(lastKey !== undefined ? { key: lastKey } : {}) });
    else if (c === '}') {
      const o = stack.pop();
      if (o?.type && o.typeAt !== undefined) {
        const start = lineStart(code, o.open);
        const body = code.slice(start, i + 1);
        let name = lang === 'cloudformation' ? (o.key ?? '') : '';
        if (nameKey) {
          nameKey.lastIndex = 0;
          name = nameKey.exec(body)?.[1] ?? '';
        }
        out.push({
          lang,
          type: o.type,
          form: 'resource',
          name,
          file,
          line: lineAt(text, o.typeAt),
          bodyLine: lineAt(text, start),
          body,
        });
      }
    } else if (c === ',' || c === '[') lastKey = undefined;
  }
  return out.sort((a, b) => a.line - b.line);
}

// ── CloudFormation and SAM YAML ─────────────────────────────────────────────────────────────

/** Blanks YAML comments (a `#` at the start of a line or after a space), keeping offsets. */
export function blankYamlComments(text: string): string {
  return text.replace(/(^|[ \t])#[^\n]*/gm, (m, pre: string) => pre + ' '.repeat(m.length - pre.length));
}

export function parseCloudFormationYaml(file: string, text: string): CloudResource[] {
  const lines = blankYamlComments(text).split('\n');
  const out: CloudResource[] = [];
  const indent = (l: string) => l.length - l.trimStart().length;
  let inResources = false;
  let resIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (/^Resources\s*:\s*$/.test(l)) {
      inResources = true;
      resIndent = -1;
      continue;
    }
    if (/^\S/.test(l)) {
      inResources = false;
      continue;
    }
    if (!inResources || !l.trim()) continue;
    const id = /^(\s+)([\w-]+)\s*:\s*$/.exec(l);
    if (!id) continue;
    const ind = (id[1] as string).length;
    if (resIndent < 0) resIndent = ind;
    if (ind !== resIndent) continue;
    let end = i + 1;
    while (end < lines.length && (!(lines[end] as string).trim() || indent(lines[end] as string) > ind))
      end++;
    const block = lines.slice(i, end);
    const t = block.findIndex((b) => /^\s+Type\s*:\s*['"]?(AWS::[\w:]+|Custom::\w+)/.test(b));
    if (t < 0) continue;
    const type = /Type\s*:\s*['"]?([\w:]+)/.exec(block[t] as string)?.[1] as string;
    out.push({
      lang: 'cloudformation',
      type,
      form: 'resource',
      name: id[2] as string,
      file,
      line: i + 1,
      bodyLine: i + 1,
      body: block.join('\n'),
    });
  }
  return out;
}

// ── Docker Compose and azd ──────────────────────────────────────────────────────────────────

interface YamlEntry {
  name: string;
  line: number;
  body: string;
  /** The entry's value when it is a mapping, else `undefined`. */
  map?: YAMLMap;
}

/** The entries of a top-level mapping (`services:`), with their lines and text; none when the YAML does not parse. */
function yamlEntries(text: string, section: string): YamlEntry[] {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length) return [];
    const root = doc.contents;
    if (!isMap(root)) return [];
    const sec = root.items.find((p) => isScalar(p.key) && p.key.value === section);
    if (!sec || !isMap(sec.value)) return [];
    const code = blankYamlComments(text);
    const line = lineCounter(text);
    const out: YamlEntry[] = [];
    for (const item of sec.value.items) {
      if (!isScalar(item.key) || !item.key.range) continue;
      const from = lineStart(text, item.key.range[0]);
      const value = item.value as { range?: [number, number, number] } | null;
      const end = value?.range?.[1] ?? item.key.range[1];
      out.push({
        name: String(item.key.value),
        line: line(item.key.range[0]),
        body: code.slice(from, end),
        ...(isMap(item.value) ? { map: item.value } : {}),
      });
    }
    return out;
  } catch {
    return [];
  }
}

export function parseCompose(file: string, text: string): CloudResource[] {
  if (!/^services\s*:/m.test(text)) return [];
  return yamlEntries(text, 'services')
    .filter((e) => e.map)
    .map((e) => ({
      lang: 'compose' as const,
      type: 'service',
      form: 'resource' as const,
      name: e.name,
      file,
      line: e.line,
      bodyLine: e.line,
      body: e.body,
    }));
}

export function parseAzd(file: string, text: string): CloudResource[] {
  if (!/^services\s*:/m.test(text) || !/^\s+host\s*:/m.test(text)) return [];
  return yamlEntries(text, 'services').flatMap((e) => {
    const host = e.map?.get('host');
    if (typeof host !== 'string') return [];
    const at = /^\s+host\s*:/m.exec(e.body);
    const line = at ? e.line + (e.body.slice(0, at.index + at[0].length).split('\n').length - 1) : e.line;
    return [
      {
        lang: 'azd' as const,
        type: host.toLowerCase(),
        form: 'resource' as const,
        name: e.name,
        file,
        line,
        bodyLine: e.line,
        body: e.body,
      },
    ];
  });
}

// ── Kubernetes ──────────────────────────────────────────────────────────────────────────────

export function fromKube(d: KubeDoc): CloudResource {
  const name =
    /^metadata\s*:\s*\n(?:[ \t]+[^ \t\n].*\n)*?[ \t]+name\s*:\s*["']?([^\s"'#]+)/m.exec(d.text)?.[1] ?? '';
  return {
    lang: 'kubernetes',
    type: d.kind,
    form: 'resource',
    name,
    file: d.file,
    line: d.line,
    bodyLine: d.start,
    body: blankYamlComments(d.text),
  };
}
