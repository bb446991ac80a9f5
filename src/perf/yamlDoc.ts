import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors } from '../diagnostics/index.js';

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Parses YAML and validates it with a zod schema, turning every problem into an InputError that
 * points at the line of the offending node (or of its nearest existing parent, for a missing key).
 */
export function parseYamlWith<T>(text: string, file: string, schema: z.ZodType<T>): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputErrors(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return new InputError(`invalid YAML: ${e.message.split('\n')[0]}`, {
          file,
          line: pos.line,
          column: pos.col,
        });
      }),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) throw new InputError('the file is empty', { file, line: 1 });
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    let line: number | undefined;
    for (let depth = path.length; depth >= 0 && line === undefined; depth--) {
      const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
    }
    return new InputError(issue.message, { file, line, path: pathText(path) || undefined });
  });
  if (errors.length === 1 && errors[0]) throw errors[0];
  throw new InputErrors(errors);
}
