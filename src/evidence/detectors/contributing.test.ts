import { ruleTester } from '../ruleTester.js';
import detector from './contributing.js';

const GUIDE = '# Contributing\n\nFork the repository, open a pull request, and a maintainer reviews it.\n';

ruleTester(detector, [
  {
    name: 'a contribution guide beside a Helm chart',
    files: {
      '.github/CONTRIBUTING.md': GUIDE,
      'helm-chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
    },
    claims: [
      {
        practice: 'oe.5.knowledge-sharing.inner-source',
        status: 'partial',
        at: ['.github/CONTRIBUTING.md:1', 'helm-chart/Chart.yaml'],
      },
    ],
  },
  {
    name: 'an azd template is offered for others to start from',
    files: { 'azure.yaml': 'name: todo\nmetadata:\n  template: todo-nodejs-mongo@0.0.1\nservices: {}\n' },
    claims: [{ practice: 'oe.5.knowledge-sharing.inner-source', status: 'partial', at: 'azure.yaml:2' }],
  },
  {
    name: 'a contribution guide to a list with nothing reusable is not inner source',
    trap: true,
    files: { 'CONTRIBUTING.md': GUIDE, 'README.md': '# Awesome links\n\n- [a](https://a.example)\n' },
    claims: [],
  },
]);
