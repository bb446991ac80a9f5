import { ruleTester } from '../ruleTester.js';
import detector from './rum.js';

ruleTester(detector, [
  {
    name: 'the Application Insights JavaScript SDK in the web app',
    files: {
      'src/web/package.json': JSON.stringify(
        { name: 'web', dependencies: { '@microsoft/applicationinsights-web': '^3.0.0', react: '^18.0.0' } },
        null,
        2,
      ),
    },
    claims: [
      { practice: 'pe.3.feedback.rum', status: 'met', confidence: 'medium', at: 'src/web/package.json:4' },
    ],
  },
  {
    name: 'web-vitals alone is weak',
    files: {
      'package.json': JSON.stringify({ name: 'web', dependencies: { 'web-vitals': '^2.1.0' } }, null, 2),
    },
    claims: [{ practice: 'pe.3.feedback.rum', status: 'partial', at: 'package.json:4' }],
  },
  {
    name: 'a server-side App Insights SDK and a README naming RUM are not real user monitoring',
    trap: true,
    files: {
      'package.json': JSON.stringify(
        { name: 'api', dependencies: { applicationinsights: '^2.9.0' } },
        null,
        2,
      ),
      'README.md': 'Add @microsoft/applicationinsights-web for real user monitoring.\n',
    },
    claims: [],
  },
  {
    name: 'the Instana EUM snippet in a page',
    files: {
      'web/static/eum.html':
        '<script>\n  (function(s,t,a,n){s[t]||(s[t]=a)})(window,"InstanaEumObject","ineum");\n  ineum(\'key\', \'KEY\');\n</script>\n',
    },
    claims: [{ practice: 'pe.3.feedback.rum', status: 'met', at: 'web/static/eum.html:2' }],
  },
  {
    name: "other sites' pages saved as test data and a documentation page are not the workload's pages",
    trap: true,
    files: {
      'tests/data/html/recipe.html':
        '<html><head><script src="https://js-agent.newrelic.com/nr-1234.min.js"></script></head></html>\n',
      'docs/site/index.html': '<script src="https://js.monitor.azure.com/scripts/b/ai.2.min.js"></script>\n',
    },
    claims: [],
  },
]);
