/**
 * Where a line of evidence points: a web address as it is; a path in the repository (with an
 * optional `:line`) at that file on the repository's host when the host is one whose file
 * addresses are known (GitHub, GitLab); anything else is text.
 */

const PATH = /^([\w.@-][\w./@-]*?)(?::(\d+))?$/;

export function evidenceHref(item: string, repository: string | null): string | null {
  const text = item.trim();
  if (/^https?:\/\/\S+$/i.test(text)) return text;
  if (!repository || /\s/.test(text)) return null;
  const m = PATH.exec(text);
  if (!m?.[1]?.includes('.')) return null;
  let base: URL;
  try {
    base = new URL(repository.replace(/\.git$/, ''));
  } catch {
    return null;
  }
  const repo = base.href.replace(/\/+$/, '');
  const line = m[2] ? `#L${m[2]}` : '';
  const path = m[1].split('/').map(encodeURIComponent).join('/');
  if (base.hostname === 'github.com') return `${repo}/blob/HEAD/${path}${line}`;
  if (base.hostname === 'gitlab.com') return `${repo}/-/blob/HEAD/${path}${line}`;
  return null;
}
