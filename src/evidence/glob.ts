/** Glob patterns of detectors (`**\/*.tf`, `*.{yml,yaml}`), compiled once into what the view's indexes can use. */

export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        const alts = pattern
          .slice(i + 1, end)
          .split(',')
          .map((a) => a.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'));
        re += `(?:${alts.join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

export interface CompiledGlob {
  re: RegExp;
  /** Lower-case literal last segment (`Chart.yaml`), when there is one. */
  literal?: string;
  /** The folder part (`a/**\/`) and the last segment, when a path matches exactly when both do. */
  dirRe?: RegExp;
  nameRe?: RegExp;
  /** Lower-case extensions (with their dot) of a last segment ending in `.ext` or `.{a,b}`. */
  exts?: string[];
}

export function compileGlob(pattern: string): CompiledGlob {
  const g: CompiledGlob = { re: globToRegExp(pattern) };
  const cut = pattern.lastIndexOf('/') + 1;
  const last = pattern.slice(cut);
  if (!/[*?{]/.test(last)) {
    g.literal = last.toLowerCase();
    return g;
  }
  const m = /\.(?:([A-Za-z0-9_-]+)|\{([A-Za-z0-9_,-]+)\})$/.exec(last);
  if (m) g.exts = (m[1] ? [m[1]] : (m[2] as string).split(',')).map((e) => `.${e.toLowerCase()}`);
  // `*`, `?` and `{a,b}` never cross a `/`, so the folder part and the name can be tested apart,
  // unless the last segment holds `**` or a brace group holds a `/`.
  if (!last.includes('**') && !/\{[^}]*\/[^}]*\}/.test(pattern)) {
    g.dirRe = globToRegExp(pattern.slice(0, cut));
    g.nameRe = globToRegExp(last);
  }
  return g;
}
