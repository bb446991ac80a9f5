import { defineDetector } from '../defineDetector.js';
import { iacFiles } from '../lib/cloudResources.js';
import { lineOf, plural, present } from '../lib/helpers.js';

const P = { declarative: 'oe.1.iac.declarative', mainstream: 'oe.1.iac.mainstream-tooling' };

/** The format version, or the first AWS resource type (YAML or JSON). */
const FIRST = /AWSTemplateFormatVersion|^\s*Type\s*:\s*['"]?AWS::|"Type"\s*:\s*"AWS::/m;

export default defineDetector({
  meta: {
    id: 'cloudformation',
    title: 'AWS CloudFormation / SAM templates',
    practices: Object.values(P),
    group: 'iac',
    docs: 'Looks for YAML or JSON templates with AWSTemplateFormatVersion, or a Resources section whose types are AWS:: resources (SAM included), as read by the IaC index (comments left out).',
  },
  async detect(repo) {
    const real = (await iacFiles(repo)).filter((f) => f.lang === 'cloudformation');
    if (real.length === 0) return [];
    return [
      present(
        [P.declarative, P.mainstream],
        'high',
        real.map((f) => ({
          file: f.path,
          line: lineOf(f.code, FIRST) ?? 1,
        })),
        `${plural(real.length, 'CloudFormation template')}`,
      ),
    ];
  },
});
