import { ruleTester } from '../ruleTester.js';
import detector from './techDebt.js';

ruleTester(detector, [
  {
    name: 'a technical debt register',
    files: {
      'TECH_DEBT.md': '# Technical debt\n\n| Item | Cost |\n|---|---|\n| Retry logic duplicated | 2d |\n',
    },
    claims: [{ practice: 'oe.2.improvement.debt-visible', status: 'met', at: 'TECH_DEBT.md:1' }],
  },
  {
    name: 'a TODO that links the issue tracking it',
    files: {
      'src/ad/build.gradle':
        "plugins {\n    // @TODO: https://github.com/acme/shop/issues/2517\n    id 'java'\n}\n",
    },
    claims: [
      { practice: 'oe.2.improvement.debt-visible', status: 'met', at: 'src/ad/build.gradle:2' },
      { practice: 'oe.4.tech-debt.remediation-logged', status: 'partial', at: 'src/ad/build.gradle:2' },
    ],
  },
  {
    name: 'a shortcut in Java code naming its Jira ticket logs the remediation',
    files: {
      'src/main/java/Cache.java':
        'class Cache {\n  // TODO RDM-4521 remove once the user profile service caches itself\n  int ttl = 60;\n}\n',
    },
    claims: [
      { practice: 'oe.2.improvement.debt-visible', status: 'met' },
      { practice: 'oe.4.tech-debt.remediation-logged', status: 'partial', at: 'src/main/java/Cache.java:2' },
    ],
  },
  {
    name: 'bare TODOs and a note about debt are not tracked debt',
    trap: true,
    files: {
      'docs/notes.md': 'We have some tech debt to look at one day.\n',
      'src/app.ts': '// TODO: clean this up\nconst colour = "#fff";\nexport default colour;\n',
    },
    claims: [],
  },
  {
    name: 'a workflow running the SonarCloud scan measures debt per component',
    files: {
      'sonar-project.properties': 'sonar.projectKey=acme_shop\n',
      '.github/workflows/main.yml':
        'on: [push, pull_request]\njobs:\n  quality:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: SonarSource/sonarcloud-github-action@v2\n',
    },
    claims: [{ practice: 'oe.4.tech-debt.hotspots', status: 'partial', at: '.github/workflows/main.yml:6' }],
  },
  {
    name: 'a sonar-project.properties no pipeline runs measures nothing',
    trap: true,
    files: {
      'sonar-project.properties': 'sonar.projectKey=acme_shop\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
    },
    claims: [],
  },
]);
