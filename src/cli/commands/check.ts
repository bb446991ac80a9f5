import { blockingUpTo } from '../../assess/index.js';
import { InputError } from '../../diagnostics/index.js';
import type { ModelSet } from '../../model/index.js';
import { EXIT } from '../exitCodes.js';
import { type InputOptions, resolveInputs } from '../inputs.js';
import { buildReport } from './assess.js';

/** `oe=2,pe=1` → model key → minimum level, checked against the models in force. */
export function parseMinLevels(spec: string, models: ModelSet): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9.-]+)=(\d+)$/.exec(part);
    if (!match)
      throw new InputError(
        `--min-level: "${part}" is not of the form pillar=level`,
        {},
        'e.g. --min-level oe=2,pe=1',
      );
    const [, key = '', level = '0'] = match;
    const model = models.model(key);
    if (!model) {
      throw new InputError(
        `--min-level: unknown pillar "${key}"`,
        {},
        `use one of: ${models.models.map((m) => m.key).join(', ')}`,
      );
    }
    const n = Number(level);
    if (n < 1 || n > model.levels.length) {
      throw new InputError(`--min-level: ${key} has levels 1 to ${model.levels.length}, got ${n}`);
    }
    out.set(model.key, n);
  }
  if (out.size === 0)
    throw new InputError('--min-level needs at least one pillar=level', {}, 'e.g. --min-level oe=2,pe=1');
  return out;
}

export function runCheck(opts: InputOptions & { minLevel: string; format: string }): void {
  const inputs = resolveInputs(opts);
  const minimums = parseMinLevels(opts.minLevel, inputs.models);
  const report = buildReport(opts, [], inputs);
  const results = [...minimums].map(([key, min]) => {
    const pillar = report.score.pillars.find((p) => p.key === key);
    if (!pillar) throw new Error(`pillar ${key} missing from the score`);
    return { key, min, level: pillar.level, pass: pillar.level >= min, blocking: blockingUpTo(pillar, min) };
  });
  const failed = results.some((r) => !r.pass);
  if (opts.format === 'json') {
    const json = results.map((r) => ({
      ...r,
      blocking: r.blocking.map((b) => ({ id: b.id, level: b.level, status: b.status })),
    }));
    process.stdout.write(`${JSON.stringify({ pass: !failed, pillars: json }, null, 2)}\n`);
  } else {
    const lines: string[] = [];
    for (const r of results) {
      lines.push(`${r.pass ? 'ok  ' : 'FAIL'} ${r.key}: level ${r.level}, minimum ${r.min}`);
      if (!r.pass) for (const b of r.blocking) lines.push(`  ${b.id} (level ${b.level}) is ${b.status}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (failed) process.exitCode = EXIT.gate;
}
