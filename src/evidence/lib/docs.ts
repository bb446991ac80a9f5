/** Finding documents by folder or file name, with a light check of what they contain. */
import type { RepoFile, RepoView } from '../types.js';
import { grepFiles, type Hit } from './helpers.js';

const DOC_EXTS = ['.md', '.markdown', '.mdx', '.adoc', '.rst', '.txt'];

/** Documents grouped by folder, written `/dir/` (each group in path order), built once per scan. */
function docsByDir(repo: RepoView): Promise<Map<string, RepoFile[]>> {
  return repo.memo('docs-by-dir', async () => {
    const out = new Map<string, RepoFile[]>();
    for (const f of repo.byExtInOrder(...DOC_EXTS)) {
      const key = `/${f.dir}/`;
      const a = out.get(key);
      if (a) a.push(f);
      else out.set(key, [f]);
    }
    return out;
  });
}

/** Documents whose folder matches `dir` or whose name matches `name`, and whose text matches `content`. */
export async function findDocs(
  repo: RepoView,
  opts: { dir?: RegExp; name?: RegExp; content?: RegExp; limit?: number },
): Promise<Hit[]> {
  // Each folder is tested once; names are tested only in folders that do not match.
  const picked: RepoFile[] = [];
  for (const [dir, list] of await docsByDir(repo)) {
    const inDir = opts.dir?.test(dir) ?? false;
    for (const f of list)
      if ((inDir || opts.name?.test(f.name)) && !/^(changelog|history|license|readme)\b/i.test(f.name))
        picked.push(f);
  }
  // In the order of one list of documents, extension by extension, then by path.
  const rank = (f: RepoFile) => DOC_EXTS.indexOf(f.ext);
  picked.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return grepFiles(repo, picked, opts.content ?? /\S/, opts.limit ?? 500);
}
