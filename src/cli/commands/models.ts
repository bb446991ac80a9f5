import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { InputError, InputErrors } from '../../diagnostics/index.js';
import { importModel, modelToLens } from '../../interchange/index.js';
import {
  BUILTIN_MODEL_DIR,
  BUILTIN_MODEL_FILES,
  loadBuiltinModels,
  loadModelFile,
  type Model,
  ModelSet,
  parseModel,
  practiceSource,
  readText,
} from '../../model/index.js';
import { truncate, WIDTH, wrap } from '../../report/index.js';
import { EXIT } from '../exitCodes.js';
import { type InputOptions, resolveInputs } from '../inputs.js';
import { emit } from '../output.js';

function sizes(model: Model) {
  const strategies = model.levels.reduce((n, l) => n + l.strategies.length, 0);
  const practices = model.levels.reduce(
    (n, l) => n + l.strategies.reduce((m, s) => m + s.practices.length, 0),
    0,
  );
  return { levels: model.levels.length, strategies, practices };
}

export function runModelsList(opts: InputOptions & { format: string }): void {
  const { models } = resolveInputs(opts);
  if (opts.format === 'json') {
    const rows = models.models.map((m) => ({
      id: m.id,
      key: m.key,
      title: m.title,
      version: m.version,
      ...sizes(m),
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const lines = ['KEY  ID                        VERSION  LEVELS  STRATEGIES  PRACTICES'];
  for (const m of models.models) {
    const s = sizes(m);
    lines.push(
      `${m.key.padEnd(4)} ${truncate(m.id, 25).padEnd(25)} ${m.version.padEnd(8)} ${String(s.levels).padStart(6)}  ${String(s.strategies).padStart(10)}  ${String(s.practices).padStart(9)}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function runModelsShow(key: string, opts: InputOptions & { format: string; level?: number }): void {
  const { models } = resolveInputs(opts);
  const model = models.model(key);
  if (!model) {
    throw new InputError(
      `unknown model "${key}"`,
      {},
      `use one of: ${models.models.map((m) => `${m.key} (${m.id})`).join(', ')}`,
    );
  }
  const levels = opts.level ? model.levels.filter((l) => l.level === opts.level) : model.levels;
  if (opts.level && levels.length === 0) throw new InputError(`${model.key} has no level ${opts.level}`);
  const withSources = levels.map((level) => ({
    ...level,
    strategies: level.strategies.map((strategy) => ({
      ...strategy,
      practices: strategy.practices.map((practice) => ({
        ...practice,
        source: practiceSource(model, level, strategy, practice),
      })),
    })),
  }));
  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify({ ...model, levels: withSources }, null, 2)}\n`);
    return;
  }
  const md = opts.format === 'md';
  const out: string[] = [
    md ? `# ${model.title} ${model.version}` : `${model.title} (${model.key}, ${model.id} ${model.version})`,
  ];
  out.push(...wrap(model.description, ''), '');
  if (model.reference) out.push(md ? `Source: <${model.reference}>` : `Source: ${model.reference}`, '');
  if (model.context.length > 0) {
    out.push(md ? '## Context questions' : 'Context questions (a practice may apply only to some answers)');
    for (const q of model.context)
      out.push(
        ...wrap(
          `${md ? `\`${q.id}\`` : q.id}: ${q.question} (${q.options.map((o) => o.value).join(' | ')})`,
          md ? '- ' : '  ',
        ),
      );
    out.push('');
  }
  for (const level of withSources) {
    out.push(md ? `## Level ${level.level}: ${level.name}` : `Level ${level.level}: ${level.name}`);
    out.push(...wrap(level.goal, md ? '' : '  '), '');
    for (const s of level.strategies) {
      out.push(md ? `### ${s.title}` : `  ${s.title}`);
      out.push(...wrap(s.summary, md ? '' : '    '));
      for (const r of s.risks)
        out.push(...wrap(`Risk: ${r.summary} Mitigation: ${r.mitigation}`, md ? '> ' : '    ! '));
      for (const t of s.tradeoffs)
        out.push(...wrap(`Trade-off: ${t.summary} Gain: ${t.gain} Cost: ${t.cost}`, md ? '> ' : '    ~ '));
      for (const p of s.practices) {
        if (md) out.push(`- \`${p.id}\` (${p.risk} risk): ${p.statement}`);
        else out.push(`    ${truncate(p.id, WIDTH - 14)} [${p.risk}]`, ...wrap(p.statement, '      '));
        const pad = md ? '  ' : '      ';
        if (p.appliesWhen) out.push(...wrap(`only when: ${describeCondition(p.appliesWhen)}`, pad));
        const link = p.source.url
          ? md
            ? `[${p.source.section}](${p.source.url})`
            : `${p.source.section} <${p.source.url}>`
          : p.source.section;
        out.push(...wrap(`source: ${link}`, pad));
      }
      for (const id of s.shares) {
        const home = models.practice(id);
        out.push(
          ...wrap(
            `also counts here: ${id} (answered once, defined in ${home?.model.key ?? '?'})`,
            md ? '- ' : '    + ',
          ),
        );
      }
      out.push('');
    }
  }
  process.stdout.write(`${out.join('\n').trimEnd()}\n`);
}

export function runModelsValidate(files: string[]): void {
  let failed = false;
  for (const file of files) {
    try {
      const model = loadModelFile(file);
      checkFitsBuiltins(model, file);
      const s = sizes(model);
      process.stdout.write(
        `ok ${file}: ${model.id} ${model.version}, ${s.levels} levels, ${s.strategies} strategies, ${s.practices} practices\n`,
      );
    } catch (err) {
      if (!(err instanceof InputError || err instanceof InputErrors)) throw err;
      failed = true;
      process.stderr.write(`${err instanceof InputError ? err.format() : err.message}\n`);
    }
  }
  if (failed) process.exitCode = EXIT.usage;
}

/**
 * A model file is only useful if `assess --model` would take it beside the built-in models, so
 * validation applies the same rule: no key, id or practice id of its own may clash with theirs.
 * The built-in files themselves are checked on their own.
 */
function checkFitsBuiltins(model: Model, file: string): void {
  const builtinPaths = BUILTIN_MODEL_FILES.map((f) => resolve(BUILTIN_MODEL_DIR, f));
  if (builtinPaths.includes(resolve(file))) return;
  try {
    new ModelSet([...loadBuiltinModels(), model]);
  } catch (err) {
    if (err instanceof InputError)
      throw new InputError(
        err.message,
        { file },
        'a model of your own needs a key, an id and practice ids that no built-in model uses',
      );
    throw err;
  }
}

function describeCondition(appliesWhen: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(appliesWhen)
    .map(([q, values]) => `${q} is ${values.join(' or ')}`)
    .join(', and ');
}

/** `models export KEY --format aws-lens`: one model in another tool's format. */
export function runModelsExport(key: string, opts: InputOptions & { format: string; output?: string }): void {
  const { models } = resolveInputs(opts);
  const model = models.model(key);
  if (!model)
    throw new InputError(
      `unknown model "${key}"`,
      {},
      `use one of: ${models.models.map((m) => m.key).join(', ')}`,
    );
  emit(`${JSON.stringify(modelToLens(model), null, 2)}\n`, opts.output);
}

/** `models import FILE --format F --key K`: a model of another tool's format as Waymark YAML. */
export function runModelsImport(
  file: string,
  opts: {
    format: string;
    key: string;
    id?: string;
    modelVersion?: string;
    output?: string;
    previous?: string;
  },
): void {
  const text = readText(file);
  const previous = opts.previous ? loadModelFile(opts.previous) : undefined;
  const model = importModel(text, file, { ...opts, version: opts.modelVersion, previous });
  const yaml = stringify(model, { lineWidth: 0 });
  // The result must be a model `models validate` accepts; check it the same way.
  parseModel(yaml, opts.output ?? `${file} (imported)`);
  emit(yaml, opts.output);
}
