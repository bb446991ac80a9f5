/**
 * YAML documents validated by a zod schema, with every problem reported at its file and line.
 * Used for models, assessment files and the other YAML files people write by hand.
 */
import { type Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors, quote } from '../diagnostics/index.js';

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  readonly file: string;
  readonly doc: Document;
  /** The document as plain data. */
  readonly data: unknown;
  /** File position of the node at `path`, or of its nearest existing ancestor. */
  locate(path: YamlPath, at?: 'key' | 'value'): { line: number; column: number };
  /** An InputError anchored at `path`. */
  errorAt(path: YamlPath, message: string, hint?: string, at?: 'key' | 'value'): InputError;
}

export function formatPath(path: YamlPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/** Parses YAML text, keeping positions; syntax errors become InputErrors with line numbers. */
export function readYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new InputErrors(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return new InputError(`invalid YAML: ${firstLine(e.message)}`, {
          file,
          line: pos.line,
          column: pos.col,
        });
      }),
    );
  }
  let data: unknown;
  try {
    // toJS resolves aliases; an alias to a missing anchor or an alias bomb only shows up here.
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new InputError(`invalid YAML: ${firstLine((err as Error).message)}`, { file });
  }
  const locate = (path: YamlPath, at: 'key' | 'value' = 'value') => {
    const offset = offsetOf(doc, path, at);
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return {
    file,
    doc,
    data,
    locate,
    errorAt(path, message, hint, at) {
      const { line, column } = locate(path, at);
      return new InputError(message, { file, line, column, path: formatPath(path) || undefined }, hint);
    },
  };
}

/** Validates a parsed document against a schema; every issue is reported with its line. */
export function validateYaml<S extends z.ZodType>(source: YamlSource, schema: S): z.output<S> {
  // reportInput puts the offending value into each issue, so messages can show it.
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return result.data;
  throw new InputErrors(
    result.error.issues.map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        const known = knownKeysHint(issue.keys);
        return source.errorAt(
          [...path, key],
          `unknown key ${issue.keys.map((k) => quote(k, 60)).join(', ')}`,
          known,
          'key',
        );
      }
      return source.errorAt(path, describeIssue(issue));
    }),
  );
}

/** Reads and validates in one step. */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): { value: z.output<S>; source: YamlSource } {
  const source = readYaml(text, file);
  if (source.doc.contents === null) throw new InputError('the file is empty', { file, line: 1 });
  return { value: validateYaml(source, schema), source };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // The whole document is one scalar: likely the wrong file (a key, a log), so quote none of it.
  if (issue.code === 'invalid_type' && issue.path.length === 0 && issue.input !== undefined)
    return `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected} at the top of the file, got ${describeKind(issue.input)}; is this the right file?`;
  if (issue.code === 'invalid_type') {
    const got = issue.input === undefined ? 'nothing' : describeValue(issue.input);
    return issue.input === undefined
      ? `missing required ${issue.expected}`
      : `expected ${issue.expected}, got ${got}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`;
  }
  return issue.message;
}

function describeKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `a single ${typeof v}`;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${typeof v === 'string' ? quote(v) : quote(String(v), 40)}`;
}

function knownKeysHint(keys: readonly string[]): string | undefined {
  return keys.length === 1 ? 'remove it, or check its spelling and indentation' : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Walks the YAML tree along `path`; an unknown key points at the key itself when it exists. */
function offsetOf(doc: Document, path: YamlPath, at: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part),
      );
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      if (pair.value === null || pair.value === undefined) break;
      node = pair.value;
      // Point at the value for scalars; at the key for collections (their range starts on the next line).
      const last = part === path[path.length - 1];
      if (isScalar(node) && !(last && at === 'key')) offset = rangeStart(node) ?? offset;
      continue;
    }
    if (isNode(node) && 'items' in node && Array.isArray(node.items) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
      continue;
    }
    break;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}
