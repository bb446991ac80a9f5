import type { GitRunner } from '../git.js';
import { ruleTester } from '../ruleTester.js';
import detector from './dependencyUpdates.js';

/** A fake git whose log lists one commit per author, newest first. */
function authoredGit(authors: string[]): GitRunner {
  const now = Math.floor(Date.now() / 1000);
  return async (args) =>
    args[0] === 'log'
      ? authors.map((a, i) => `\x1e${'b'.repeat(39)}${i % 10}\x1f${now - i * 86_400}\x1f${a}\n`).join('')
      : '';
}

const DEPENDABOT = `version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule:
      interval: weekly
`;

ruleTester(detector, [
  {
    name: 'Dependabot with update entries updates dependencies and shows a scanner was taken on',
    files: { '.github/dependabot.yml': DEPENDABOT },
    claims: [
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'met', at: '.github/dependabot.yml:3' },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met', confidence: 'medium' },
    ],
  },
  {
    name: 'a Renovate configuration counts the same way',
    files: { '.github/renovate.json5': '{\n  extends: ["config:recommended"],\n}\n' },
    claims: [
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'met', at: '.github/renovate.json5:1' },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met' },
    ],
  },
  {
    name: 'an empty Dependabot file and a copy under docs/ are not configurations',
    trap: true,
    files: {
      '.github/dependabot.yml': 'version: 2\nupdates: []\n',
      'docs/dependabot.yml': DEPENDABOT,
    },
    claims: [],
  },
  {
    name: 'Dependabot updating Docker base images also patches the platform, partly',
    files: {
      '.github/dependabot.yml': `${DEPENDABOT}  - package-ecosystem: "docker"\n    directory: /src/api\n    schedule:\n      interval: weekly\n`,
    },
    claims: [
      { practice: 'oe.4.maintenance-automation.patching', status: 'partial', at: '.github/dependabot.yml:7' },
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'met' },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met' },
    ],
  },
  {
    name: 'Renovate rules for compose images count as platform patching',
    files: {
      'renovate.json':
        '{\n  "extends": ["config:recommended"],\n  "packageRules": [\n    { "matchManagers": ["docker-compose"], "groupName": "images" }\n  ]\n}\n',
    },
    claims: [
      { practice: 'oe.4.maintenance-automation.patching', status: 'partial', at: 'renovate.json:4' },
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'met' },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met' },
    ],
  },
  {
    name: 'updates to GitHub Actions and npm packages alone are not platform patching',
    trap: true,
    files: {
      '.github/dependabot.yml': `${DEPENDABOT}  - package-ecosystem: github-actions\n    directory: /\n    schedule:\n      interval: weekly\n`,
    },
    claims: [
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'met' },
      { practice: 'oe.1.security.scanning-evaluated', status: 'met' },
    ],
  },
  {
    name: 'no configuration, but Dependabot security updates merged over the years',
    files: { '.git/HEAD': 'ref: refs/heads/main\n', 'requirements.txt': 'django==5.0\n' },
    git: authoredGit(['dependabot[bot]', 'Ann', 'dependabot[bot]', 'Bob', 'dependabot[bot]']),
    claims: [
      { practice: 'oe.1.security.scanning-evaluated', status: 'partial', confidence: 'low', at: '.git' },
      { practice: 'oe.2.automation.vulnerability-scanning', status: 'partial', confidence: 'low' },
    ],
  },
  {
    name: 'one merged Dependabot fix shows a finding acted on, not scanning that runs',
    files: { '.git/HEAD': 'ref: refs/heads/main\n', 'pom.xml': '<project/>\n' },
    git: authoredGit(['Ann', 'dependabot[bot]', 'Bob']),
    claims: [{ practice: 'oe.1.security.scanning-evaluated', status: 'partial', confidence: 'low' }],
  },
  {
    name: 'people whose names mention a bot, and no bot commits, are no scanner',
    trap: true,
    files: { '.git/HEAD': 'ref: refs/heads/main\n', 'README.md': 'Enable Dependabot some day.\n' },
    git: authoredGit(['Dependabot Fan', 'snyk', 'Ann']),
    claims: [],
  },
]);
