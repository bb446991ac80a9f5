import { ruleTester } from '../ruleTester.js';
import detector from './centralProcesses.js';

const P = 'oe.4.org-alignment.central-processes';

ruleTester(detector, [
  {
    name: 'a reusable workflow from another repository',
    files: {
      '.github/workflows/scorecard.yml':
        'on: [push]\njobs:\n  scan:\n    uses: my-org/shared-workflows/.github/workflows/scorecard.yml@v1\n',
    },
    claims: [{ practice: P, status: 'met', confidence: 'medium', at: '.github/workflows/scorecard.yml:4' }],
  },
  {
    name: 'Azure Pipelines extending a template from a repository resource',
    files: {
      'azure-pipelines.yml':
        'trigger: [main]\nresources:\n  repositories:\n    - repository: templates\n      type: git\n      name: Platform/pipeline-templates\nextends:\n  template: build.yml@templates\n',
    },
    claims: [{ practice: P, status: 'met', at: 'azure-pipelines.yml:8' }],
  },
  {
    name: 'a root ci.yml that is an Azure pipeline extending an organisation template',
    files: {
      'ci.yml':
        'trigger:\n  branches:\n    include: [main]\nresources:\n  repositories:\n    - repository: org\n      type: git\n      name: org/templates\nextends:\n  template: v1/Official.yml@org\n  parameters:\n    stages:\n      - stage: build\n        jobs:\n          - job: b\n            steps:\n              - script: make\n',
    },
    claims: [{ practice: P, status: 'met', at: 'ci.yml:10' }],
  },
  {
    name: 'a Jenkinsfile that only calls a shared-library step',
    files: {
      Jenkinsfile_k8s: "terraform(\n  stagingCredentials: [string(variable: 'X', credentialsId: 'y')],\n)\n",
    },
    claims: [{ practice: P, status: 'met', at: 'Jenkinsfile_k8s:1' }],
  },
  {
    name: "an organisation's Renovate preset",
    files: {
      '.github/renovate.json5': '{\n  extends: ["github>my-org/renovate-config", "config:recommended"],\n}\n',
    },
    claims: [{ practice: P, status: 'met', at: '.github/renovate.json5:2' }],
  },
  {
    name: "Renovate's own presets, local workflow calls and a Jenkins pipeline of its own are the team's own (trap)",
    trap: true,
    files: {
      'renovate.json': '{ "extends": ["config:recommended", ":semanticCommits", "group:allNonMajor"] }\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  a:\n    uses: ./.github/workflows/build.yml\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n',
      Jenkinsfile: "pipeline {\n  agent any\n  stages {\n    stage('b') { steps { sh 'make' } }\n  }\n}\n",
      'build.yml': 'name: my-package\nversion: 1.0\ntemplate: x.yml@y\n',
      'docs/ci.md': 'We could use my-org/shared/.github/workflows/x.yml@v1 one day.\n',
    },
    claims: [],
  },
]);
