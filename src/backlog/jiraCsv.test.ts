import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempDir } from '../testing/index.js';
import { jiraCsv } from './jiraCsv.js';
import { practiceMarker } from './workItem.js';

describe('jiraCsv', () => {
  it('writes a header with Summary and one Labels column per label, quoting commas, quotes and new lines', () => {
    const csv = jiraCsv([
      {
        practiceId: 'oe.1.x',
        title: 'Use "IaC", everywhere',
        body: `Why: drift.\nNext step: one module.\n${practiceMarker('oe.1.x')}`,
        labels: ['waymark', 'waymark:oe.1.x'],
      },
    ]);
    const [header, row, end] = csv.split('\r\n');
    assert.equal(header, '"Summary","Issue Type","Description","Labels","Labels"');
    assert.equal(
      row,
      '"Use ""IaC"", everywhere","Task","Why: drift.\nNext step: one module.\n<!-- waymark:practice=oe.1.x -->","waymark","waymark:oe.1.x"',
    );
    assert.equal(end, '');
  });

  it('an empty plan is a header only', () => {
    assert.equal(jiraCsv([]), '"Summary","Issue Type","Description"\r\n');
  });

  it('waymark plan --jira-csv FILE writes every plan item, labelled with its practice', async () => {
    const dir = tempDir();
    const answers = join(dir, 'waymark.assessment.yaml');
    writeFileSync(answers, 'workload: Shop\nanswers:\n  oe.1.iac.declarative: not-met\n');
    const r = await runCli([
      'plan',
      '--answers',
      answers,
      '--jira-csv',
      join(dir, 'plan.csv'),
      '--limit',
      '1',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const csv = readFileSync(join(dir, 'plan.csv'), 'utf8');
    assert.ok(csv.startsWith('"Summary","Issue Type","Description","Labels","Labels"\r\n'));
    assert.match(csv, /"waymark","waymark:oe\.1\.iac\.declarative"\r\n/);
    assert.ok(csv.split('"waymark","waymark:').length - 1 > 1, 'the whole plan, not only --limit items');
  });
});
