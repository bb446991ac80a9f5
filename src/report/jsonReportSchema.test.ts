import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../testing/index.js';
import { jsonReportJsonSchema } from './jsonReportSchema.js';

describe('published JSON Schema', () => {
  it('is the one generated from the report type (run `npm run schemas` after changing it)', () => {
    const committed = JSON.parse(
      readFileSync(join(REPO_ROOT, 'schemas/assessment-report.schema.json'), 'utf8'),
    );
    assert.deepEqual(committed, jsonReportJsonSchema());
  });
});
