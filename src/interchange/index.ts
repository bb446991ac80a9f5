/** Published formats other tools use for models: exported to and imported from Waymark models. */
import { InputError } from '../diagnostics/index.js';
import type { Model } from '../model/index.js';
import { lensToModel } from './awsLens.js';
import { checklistToModel } from './azureChecklist.js';

export {
  LENS_LIMITS,
  LENS_SCHEMA_VERSION,
  Lens,
  type LensImportOptions,
  lensToModel,
  modelToLens,
  riskRules,
  slugify,
} from './awsLens.js';
export { Checklist, type ChecklistImportOptions, checklistToModel } from './azureChecklist.js';

export const IMPORT_FORMATS = ['aws-lens', 'azure-checklist'] as const;

export function importModel(
  text: string,
  file: string,
  opts: { format: string; key: string; id?: string; version?: string; previous?: Model },
): Model {
  if (!/^[a-z][a-z0-9-]*$/.test(opts.key))
    throw new InputError(`--key "${opts.key}" must be a short lower-case key such as "sec"`);
  if (opts.format === 'aws-lens') return lensToModel(text, file, opts);
  if (opts.format === 'azure-checklist') return checklistToModel(text, file, opts);
  throw new InputError(
    `unknown import format "${opts.format}"`,
    {},
    `use one of: ${IMPORT_FORMATS.join(', ')}`,
  );
}
