import { ruleTester } from '../ruleTester.js';
import detector from './testsInCi.js';

const CI = 'oe.2.standard-processes.ci-required';
const PAR = 'oe.4.build-optimization.parallel-jobs';

ruleTester(detector, [
  {
    name: 'tests on pull requests, across a two-version matrix',
    files: {
      '.github/workflows/ci.yml':
        'on:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        node: [20, 22]\n    steps:\n      - run: npm test\n',
    },
    claims: [
      {
        practice: CI,
        status: 'met',
        confidence: 'medium',
        at: ['.github/workflows/ci.yml:1', '.github/workflows/ci.yml:10'],
      },
      { practice: PAR, status: 'met', at: '.github/workflows/ci.yml:7' },
    ],
  },
  {
    name: 'lint and test as two independent jobs run side by side',
    files: {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    },
    claims: [
      { practice: CI, status: 'partial' },
      { practice: PAR, status: 'met', at: '.github/workflows/ci.yml:2' },
    ],
  },
  {
    name: 'GitLab jobs sharing a stage, and parallel: 3',
    files: {
      '.gitlab-ci.yml':
        'stages: [test]\nunit:\n  stage: test\n  parallel: 3\n  script:\n    - pytest\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n',
    },
    claims: [
      { practice: CI, status: 'met' },
      { practice: PAR, status: 'met', at: '.gitlab-ci.yml:4' },
    ],
  },
  {
    name: 'monorepo runners, named npm scripts and test shell scripts are test commands',
    files: {
      '.github/workflows/a.yml':
        'on:\n  pull_request:\njobs:\n  t:\n    needs: x\n    steps:\n      - run: npx lerna run test --parallel\n',
      '.github/workflows/b.yml':
        'on:\n  pull_request:\njobs:\n  t:\n    needs: x\n    steps:\n      - run: npm run ci:frontend:test\n',
      '.github/workflows/c.yml':
        'on:\n  pull_request:\njobs:\n  t:\n    needs: x\n    steps:\n      - run: ./testscripts/validate-deployment.sh\n',
    },
    claims: [
      {
        practice: CI,
        status: 'met',
        at: ['.github/workflows/a.yml:7', '.github/workflows/b.yml:7', '.github/workflows/c.yml:7'],
      },
      { practice: PAR, status: 'met' },
    ],
  },
  {
    name: 'a script whose name merely contains the letters of test is not a test (trap)',
    trap: true,
    files: {
      '.github/workflows/a.yml':
        'on:\n  pull_request:\njobs:\n  t:\n    needs: x\n    steps:\n      - run: ./scripts/latest.sh && npm run contest-build\n',
    },
    claims: [{ practice: CI, status: 'not-met', confidence: 'low' }],
  },
  {
    name: 'a one-entry matrix and a chain of needs are serial (trap)',
    trap: true,
    files: {
      '.github/workflows/build.yml':
        'on:\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        java: [17]\n    steps:\n      - run: ./mvnw verify\n  publish:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo done\n',
    },
    claims: [{ practice: CI, status: 'met' }],
  },
  {
    name: 'pipelines without a test command are a low-confidence absence; a README about parallel jobs is nothing',
    trap: true,
    files: {
      '.gitlab-ci.yml': 'build:\n  script:\n    - docker build .\n',
      'README.md': 'We should run tests in parallel: matrix builds, sharding with --shard.\n',
    },
    claims: [{ practice: CI, status: 'not-met', confidence: 'low' }],
  },
  {
    name: 'Django tests through manage.py on pull requests',
    files: {
      '.github/workflows/tests.yml':
        'on:\n  push:\n    branches: [master]\n  pull_request:\n    branches: [master]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: python manage.py test\n',
    },
    claims: [{ practice: CI, status: 'met', at: '.github/workflows/tests.yml:11' }],
  },
  {
    name: 'a manage.py command that is not the test runner is no test step',
    trap: true,
    files: {
      '.github/workflows/deploy.yml':
        'on: [push]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python manage.py migrate && python manage.py testserver_check\n',
    },
    claims: [{ practice: CI, status: 'not-met', confidence: 'low' }],
  },
  {
    name: 'mvn package on pull requests runs the unit tests',
    files: {
      '.github/workflows/maven.yml':
        'on:\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mvn -B package --file pom.xml\n',
    },
    claims: [{ practice: CI, status: 'met', at: '.github/workflows/maven.yml:7' }],
  },
  {
    name: 'mvn package with -DskipTests and gradle build -x test run no tests (trap)',
    trap: true,
    files: {
      '.github/workflows/build.yml':
        'on:\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mvn -B package -DskipTests\n      - run: ./gradlew build -x test\n',
    },
    claims: [{ practice: CI, status: 'not-met', confidence: 'low' }],
  },
]);
