// Writes the published JSON Schemas from their zod sources (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { jsonReportJsonSchema } from '../dist/src/report/jsonReportSchema.js';

writeFileSync(
  'schemas/assessment-report.schema.json',
  `${JSON.stringify(jsonReportJsonSchema(), null, 2)}\n`,
);
console.log('wrote schemas/assessment-report.schema.json');
