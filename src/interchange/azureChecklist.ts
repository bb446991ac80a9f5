/**
 * An Azure review checklist (the JSON files of github.com/Azure/review-checklists) as a Waymark
 * model. No JSON Schema is published for those files; this reads the fields their items carry:
 * `category`, `subcategory`, `text`, `guid`, `severity` (High, Medium, Low), `link`, and an
 * optional Azure Resource Graph query in `graph`, plus `metadata.name`. Other fields are ignored.
 *
 * A checklist has no levels, so every item is a practice of level 1, grouped into one strategy
 * per category. A practice's id ends in the item's guid, so the same item keeps its id from one
 * checklist version to the next; with the previous import given, an item that moved category
 * keeps its answers through a `retired` entry pointing at its new id, and an item that is gone
 * is retired.
 */
import { z } from 'zod';
import { InputError } from '../diagnostics/index.js';
import type { Model, Practice, RetiredPractice, RiskLevel, Strategy } from '../model/index.js';
import { parseYaml } from '../yamlDoc/index.js';
import { slugify } from './awsLens.js';

const text = z.string().trim().min(1, 'must not be empty');
export const ChecklistItem = z.object({
  category: text,
  subcategory: text.optional(),
  text,
  guid: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID'),
  severity: z.enum(['High', 'Medium', 'Low']),
  link: z.url().optional(),
  graph: z.string().trim().min(1).optional(),
  description: z.string().optional(),
});
export const Checklist = z.object({
  items: z.array(ChecklistItem).min(1, 'a checklist needs at least one item'),
  metadata: z.object({ name: text }).optional(),
});

const RISK: Record<string, RiskLevel> = { High: 'high', Medium: 'medium', Low: 'low' };

export interface ChecklistImportOptions {
  key: string;
  id?: string;
  version?: string;
  /** The model imported from an earlier version of the same checklist. */
  previous?: Model;
}

export function checklistToModel(input: string, file: string, opts: ChecklistImportOptions): Model {
  const { value, source } = parseYaml(input, file, Checklist);
  const name = value.metadata?.name ?? 'Imported review checklist';
  const strategies = new Map<string, Strategy>();
  const seen = new Map<string, number>();
  value.items.forEach((item, i) => {
    const guid = item.guid.toLowerCase();
    const first = seen.get(guid);
    if (first !== undefined)
      throw source.errorAt(['items', i, 'guid'], `guid ${guid} is used twice`, `first at item ${first}`);
    seen.set(guid, i);
    const strategyId = `${opts.key}.1.${slugify(item.category)}`;
    let strategy = strategies.get(strategyId);
    if (!strategy) {
      strategy = {
        id: strategyId,
        title: item.category,
        summary: `The items of the ${name} checklist in category ${item.category}.`,
        risks: [],
        tradeoffs: [],
        practices: [],
        shares: [],
      };
      strategies.set(strategyId, strategy);
    }
    const where = item.subcategory ? `${item.category} / ${item.subcategory}` : item.category;
    const practice: Practice = {
      id: `${strategyId}.${guid}`,
      statement: item.text,
      why: item.description?.trim() || `An item of the ${name} checklist (${where}).`,
      evidence: item.graph
        ? `The resources the Azure Resource Graph query lists as compliant: ${item.graph}`
        : 'A reviewer confirms the item holds for the workload.',
      risk: RISK[item.severity] ?? 'medium',
      nextStep: item.link ? `Apply the guidance at ${item.link}.` : `Make the item hold: ${item.text}`,
      overlaps: [],
    };
    strategy.practices.push(practice);
  });
  const retired = opts.previous ? retiredSince(opts.previous, [...strategies.values()], opts.version) : [];
  return {
    id: opts.id ?? slugify(name),
    key: opts.key,
    title: name,
    version: opts.version ?? '1.0.0',
    description: `Imported from the Azure review checklist ${name} (${value.items.length} items).`,
    context: [],
    levels: [
      {
        level: 1,
        name: 'Checklist',
        goal: `Every item of the ${name} checklist holds.`,
        strategies: [...strategies.values()],
      },
    ],
    retired,
  };
}

/** Practice ids of the previous import that this one no longer uses, matched by their guid. */
function retiredSince(previous: Model, strategies: Strategy[], version = '1.0.0'): RetiredPractice[] {
  if (previous.levels.length !== 1) throw new InputError('the previous model is not an imported checklist');
  const byGuid = new Map(strategies.flatMap((s) => s.practices.map((p) => [guidOf(p.id), p.id] as const)));
  const now = new Set(byGuid.values());
  const out: RetiredPractice[] = [...previous.retired.filter((r) => !now.has(r.id))];
  for (const s of previous.levels[0]?.strategies ?? [])
    for (const p of s.practices) {
      if (now.has(p.id)) continue;
      const moved = byGuid.get(guidOf(p.id));
      out.push(moved ? { id: p.id, since: version, replacedBy: moved } : { id: p.id, since: version });
    }
  return out;
}

const guidOf = (id: string) => id.slice(id.lastIndexOf('.') + 1);
