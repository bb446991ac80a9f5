/** Kubernetes-style YAML documents (`apiVersion` + `kind`), found once per scan. */
import type { RepoFile, RepoView } from '../types.js';

export interface KubeDoc {
  file: string;
  apiVersion: string;
  kind: string;
  /** Line of the `kind:` key. */
  line: number;
  /** Line where this document starts in the file. */
  start: number;
  /** The text of this document alone. */
  text: string;
}

export function kubeDocs(repo: RepoView): Promise<KubeDoc[]> {
  return repo.memo('kube-docs', async () => {
    const files = repo.byExt('.yaml', '.yml').filter((f) => !f.path.startsWith('.github/'));
    const out: KubeDoc[] = [];
    const batch = 256;
    for (let i = 0; i < files.length; i += batch) {
      const slice = files.slice(i, i + batch);
      const texts = await Promise.all(slice.map((f) => repo.read(f.path)));
      texts.forEach((t, j) => {
        if (t?.includes('kind:') && t.includes('apiVersion:'))
          out.push(...splitDocs(slice[j] as RepoFile, t));
      });
    }
    return out;
  });
}

function splitDocs(file: RepoFile, text: string): KubeDoc[] {
  const out: KubeDoc[] = [];
  const lines = text.split('\n');
  let start = 0;
  const flush = (end: number) => {
    const chunk = lines.slice(start, end);
    let apiVersion = '';
    let kind = '';
    let line = 0;
    chunk.forEach((l, k) => {
      const a = /^apiVersion:\s*["']?([^\s"'#]+)/.exec(l);
      if (a) apiVersion = a[1] as string;
      const m = /^kind:\s*["']?([A-Za-z]+)/.exec(l);
      if (m && !kind) {
        kind = m[1] as string;
        line = start + k + 1;
      }
    });
    if (apiVersion && kind)
      out.push({ file: file.path, apiVersion, kind, line, start: start + 1, text: chunk.join('\n') });
  };
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l)) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return out;
}
