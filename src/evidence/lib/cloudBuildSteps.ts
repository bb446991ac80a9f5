/**
 * Cloud Build steps name a builder image and pass its arguments as a list (`name:
 * gcr.io/cloud-builders/gcloud`, `args: [run, deploy, web]`). Written that way, no line of the file
 * reads `gcloud run deploy`, which is what the deploy, test and approval rules look for. This spells
 * each such list as one command line on the `args:` line and blanks the list's own lines, so line
 * numbers stay those of the file.
 */

/** The builder's tool: the last segment of its image name, without tag (`gcloud`, `kubectl`, `docker`). */
const BUILDER = /^\s*(?:-\s+)?name\s*:\s*['"]?(?:[\w.-]+\/)*([\w-]+)(?::[\w.-]+)?['"]?\s*$/;
const ENTRYPOINT = /^\s*(?:-\s+)?entrypoint\s*:\s*['"]?([\w./-]+)['"]?\s*$/;
const ARGS_BLOCK = /^(\s*)(?:-\s+)?args\s*:\s*$/;
const ARGS_FLOW = /^(\s*(?:-\s+)?args\s*:\s*)\[(.*)\]\s*$/;
const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

export function spellCloudBuildSteps(text: string): string {
  const lines = text.split('\n');
  let tool = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const builder = BUILDER.exec(l);
    if (builder) tool = builder[1] ?? '';
    const entry = ENTRYPOINT.exec(l);
    if (entry) tool = (entry[1] ?? '').split('/').pop() ?? tool;
    const flow = ARGS_FLOW.exec(l);
    if (flow) {
      const args = (flow[2] ?? '').split(',').map(unquote).filter(Boolean);
      lines[i] = `${flow[1]}${[tool, ...args].join(' ')}`;
      continue;
    }
    const block = ARGS_BLOCK.exec(l);
    if (!block) continue;
    const indent = (block[1] ?? '').length;
    const args: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const item = /^(\s*)-\s+(.*)$/.exec(lines[j] ?? '');
      if (!item || (item[1] ?? '').length < indent) break;
      args.push(unquote(item[2] ?? ''));
      lines[j] = '';
    }
    lines[i] = `${l} ${[tool, ...args].join(' ')}`;
    i = j - 1;
  }
  return lines.join('\n');
}
