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
  {
    name: 'a release workflow pushing images to GHCR offers them to others',
    files: {
      '.github/workflows/release.yml':
        'on:\n  push:\n    tags: ["v*"]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/shop:latest\n',
    },
    claims: [
      {
        practice: 'oe.5.knowledge-sharing.inner-source',
        status: 'partial',
        at: '.github/workflows/release.yml:10',
      },
    ],
  },
  {
    name: 'a Docker Hub login (no registry named) and a push, beside a contribution guide',
    files: {
      'CONTRIBUTING.md': GUIDE,
      '.github/workflows/main.yml':
        'on: [push]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          username: ${{ secrets.DOCKERHUB_USER }}\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n',
    },
    claims: [
      {
        practice: 'oe.5.knowledge-sharing.inner-source',
        status: 'partial',
        at: ['CONTRIBUTING.md:1', '.github/workflows/main.yml:6'],
      },
    ],
  },
  {
    name: 'pushing to a private registry (ACR) serves the team itself',
    trap: true,
    files: {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: acme.azurecr.io\n      - run: docker push acme.azurecr.io/shop:${{ github.sha }}\n      - run: echo "see docs at https://docs.docker.io"\n',
    },
    claims: [],
  },
  {
    name: 'an azure.yaml whose README tells readers to azd init -t the repository',
    files: {
      'azure.yaml': 'name: shop\nservices:\n  web:\n    host: appservice\n',
      'README.md': '# Shop\n\n```\nazd init -t contoso/shop\n```\n',
    },
    claims: [{ practice: 'oe.5.knowledge-sharing.inner-source', status: 'partial', at: 'README.md:4' }],
  },
  {
    name: 'azd init with no template, beside an azure.yaml, offers nothing',
    trap: true,
    files: {
      'azure.yaml': 'name: shop\nservices: {}\n',
      'README.md': 'Run `azd init` and then `azd up`.\n',
    },
    claims: [],
  },
  {
    name: 'a contribution guide beside a packaged client library',
    files: {
      'CONTRIBUTING.md': GUIDE,
      'client-libs/python/setup.py':
        "from setuptools import setup\nsetup(name='shop-client', version='1.0.0')\n",
    },
    claims: [
      {
        practice: 'oe.5.knowledge-sharing.inner-source',
        status: 'partial',
        at: ['CONTRIBUTING.md:1', 'client-libs/python/setup.py'],
      },
    ],
  },
  {
    name: 'a private client package is not offered to others',
    trap: true,
    files: { 'CONTRIBUTING.md': GUIDE, 'clients/web/package.json': '{ "name": "web", "private": true }\n' },
    claims: [],
  },
]);
