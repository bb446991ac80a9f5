// Validates the built-in models from their YAML sources and writes them as JSON next to the
// compiled code, so commands start without parsing YAML. Fails the build on an invalid model.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_MODEL_FILES, COMPILED_MODEL_DIR, loadBuiltinModelSources } from '../dist/src/model/index.js';

const models = loadBuiltinModelSources();
mkdirSync(COMPILED_MODEL_DIR, { recursive: true });
models.forEach((model, i) => {
  const name = BUILTIN_MODEL_FILES[i].replace(/\.yaml$/, '.json');
  writeFileSync(join(COMPILED_MODEL_DIR, name), JSON.stringify(model));
});
