/**
 * The hooks of an Azure Developer CLI project (`azure.yaml`): commands azd runs around provision,
 * deploy and up in every environment it creates, and the scripts those commands start.
 */
import type { EvidenceLocation, RepoView } from '../types.js';

export interface AzdHook {
  /** `postprovision`, `postdeploy`, `postup`, ... */
  name: string;
  /** Where the hook's command is written. */
  at: EvidenceLocation;
  /** The command line as written. */
  command: string;
  /** Listed files the command names (scripts, notebooks), resolved from the project folder. */
  scripts: string[];
}

/** Paths a command line names: words with a slash or a script extension. */
const PATH_WORD =
  /(?:^|[\s"'=])((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.(?:sh|ps1|py|js|mjs|ts|ipynb|cmd|bat))\b/g;

/** Hooks of every `azure.yaml` at the root or one folder down, in file order. */
export async function azdHooks(repo: RepoView): Promise<AzdHook[]> {
  return repo.memo('azd-hooks', async () => {
    const out: AzdHook[] = [];
    const projects = repo.byName('azure.yaml').filter((f) => f.path.split('/').length <= 2);
    for (const f of projects) {
      const text = await repo.read(f.path);
      if (text === undefined || !/^services\s*:|^name\s*:/m.test(text)) continue;
      const base = f.dir ? `${f.dir}/` : '';
      const lines = text.split('\n');
      const start = lines.findIndex((l) => /^hooks\s*:/.test(l));
      if (start < 0) continue;
      let hook = '';
      // Hook names sit at the first indentation under `hooks:`, whatever its width.
      let hookIndent = -1;
      for (let i = start + 1; i < lines.length; i++) {
        const l = lines[i] ?? '';
        if (/^\S/.test(l)) break;
        if (!l.trim() || /^\s*#/.test(l)) continue;
        const indent = l.search(/\S/);
        if (hookIndent < 0) hookIndent = indent;
        const name = indent === hookIndent ? /^\s*(\w+)\s*:/.exec(l)?.[1] : undefined;
        if (name) hook = name;
        const run = /^\s+run\s*:\s*(.*)$/.exec(l);
        if (!run || !hook) continue;
        // `run: |` carries its command on the lines indented under it.
        let command = (run[1] ?? '').replace(/^['"]|['"]$/g, '');
        if (/^[|>][-+]?\s*$/.test(command)) {
          const indent = l.search(/\S/);
          const body: string[] = [];
          for (
            let j = i + 1;
            j < lines.length && ((lines[j] ?? '').search(/\S/) > indent || !(lines[j] ?? '').trim());
            j++
          )
            body.push((lines[j] ?? '').trim());
          command = body.join('\n');
        }
        const scripts = [...command.matchAll(PATH_WORD)]
          .map((m) => `${base}${(m[1] ?? '').replace(/^\.\//, '')}`)
          .filter((p) => repo.get(p) !== undefined);
        out.push({ name: hook, at: { file: f.path, line: i + 1 }, command, scripts });
      }
    }
    return out;
  });
}
