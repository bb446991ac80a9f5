/** Finding documents by folder or file name, with a light check of what they contain. */
import type { RepoFile, RepoView } from '../types.js';
import { grepFiles, type Hit } from './helpers.js';

/** Documents whose folder matches `dir` or whose name matches `name`, and whose text matches `content`. */
export async function findDocs(
  repo: RepoView,
  opts: { dir?: RegExp; name?: RegExp; content?: RegExp; limit?: number },
): Promise<Hit[]> {
  const files = repo
    .byExt('.md', '.markdown', '.mdx', '.adoc', '.rst', '.txt')
    .filter(
      (f: RepoFile) =>
        (opts.dir?.test(`/${f.dir}/`) || opts.name?.test(f.name)) &&
        !/^(changelog|history|license|readme)\b/i.test(f.name),
    );
  return grepFiles(repo, files, opts.content ?? /\S/, opts.limit ?? 500);
}
