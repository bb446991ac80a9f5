import { ruleTester } from '../ruleTester.js';
import detector from './mainstreamTooling.js';

ruleTester(detector, [
  {
    name: 'GitHub Actions building and testing with the standard tools',
    files: {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./mvnw -B verify\n',
    },
    claims: [{ practice: 'oe.2.buy-tools.off-the-shelf', status: 'met', at: '.github/workflows/ci.yml:6' }],
  },
  {
    name: 'a Jenkinsfile running terraform apply',
    files: {
      Jenkinsfile:
        "pipeline {\n  stages {\n    stage('apply') { steps { sh 'terraform apply -auto-approve' } }\n  }\n}\n",
    },
    claims: [{ practice: 'oe.2.buy-tools.off-the-shelf', status: 'met', at: 'Jenkinsfile:3' }],
  },
  {
    name: 'a workflow building the stack with docker compose',
    files: {
      '.github/workflows/push.yml':
        'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker-compose build\n',
    },
    claims: [{ practice: 'oe.2.buy-tools.off-the-shelf', status: 'met', at: '.github/workflows/push.yml:7' }],
  },
  {
    name: 'a link-check workflow alone, and a README describing CI, are not evidence',
    trap: true,
    files: {
      '.github/workflows/links.yml':
        'on: [push]\njobs:\n  links:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: lycheeverse/lychee-action@v2\n',
      'README.md': 'We build with `npm run build` and test with `npm test` in GitHub Actions.\n',
    },
    claims: [],
  },
]);
