import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';

const P = { declarative: 'oe.1.iac.declarative', mainstream: 'oe.1.iac.mainstream-tooling' };

export default defineDetector({
  meta: {
    id: 'cloudformation',
    title: 'AWS CloudFormation / SAM templates',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for YAML or JSON templates with AWSTemplateFormatVersion, or a Resources section whose types are AWS:: resources (SAM included).',
  },
  async detect(repo) {
    const files = repo
      .byExt('.yaml', '.yml', '.json', '.template')
      .filter((f) => !f.name.endsWith('lock.json'));
    const hits = await grepFiles(
      repo,
      files,
      /AWSTemplateFormatVersion|^\s*"?Type"?\s*:\s*"?AWS::(Serverless::)?\w+::/m,
    );
    const real = hits.filter(
      (h) => /AWSTemplateFormatVersion/.test(h.text) || /^\s*"?Resources"?\s*:/m.test(h.text),
    );
    if (real.length === 0) return [];
    return [
      present(
        [P.declarative, P.mainstream],
        'high',
        real.map(loc),
        `${plural(real.length, 'CloudFormation template')}`,
      ),
    ];
  },
});
