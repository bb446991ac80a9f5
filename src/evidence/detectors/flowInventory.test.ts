import { ruleTester } from '../ruleTester.js';
import detector from './flowInventory.js';

const P = 'pe.2.critical-flows.inventory';

ruleTester(detector, [
  {
    name: 'a locustfile whose tasks are the user journeys',
    files: {
      'loadgen/locustfile.py':
        'from locust import HttpUser, task\n\nclass Shopper(HttpUser):\n    @task(10)\n    def browse(self):\n        self.client.get("/")\n\n    @task(2)\n    def add_to_cart(self):\n        self.client.post("/cart")\n\n    @task\n    def checkout(self):\n        self.client.post("/checkout")\n',
    },
    claims: [{ practice: P, status: 'partial', at: 'loadgen/locustfile.py:4' }],
  },
  {
    name: 'a Locust task table names the journeys',
    files: {
      'locustfile.py':
        'from locust import HttpUser, TaskSet\n\ndef index(l):\n    l.client.get("/")\n\nclass Shop(TaskSet):\n    tasks = {index: 1,\n        browse: 10,\n        checkout: 1}\n',
    },
    claims: [{ practice: P, status: 'partial', at: 'locustfile.py:7' }],
  },
  {
    name: 'k6 groups name the flows',
    files: {
      'load/journeys.js':
        "import http from 'k6/http';\nimport { group } from 'k6';\nexport default function () {\n  group('home', () => http.get('/'));\n  group('search', () => http.get('/s'));\n  group('order', () => http.post('/o'));\n}\n",
    },
    claims: [{ practice: P, status: 'partial', at: 'load/journeys.js:4' }],
  },
  {
    name: 'a README section listing the user flows',
    files: {
      'README.md':
        '# Shop\n\n## User flows\n\n- Browse the catalogue\n- Add to cart\n- Check out and pay\n\n## Build\n\nmake\n',
    },
    claims: [{ practice: P, status: 'partial', at: 'README.md:3' }],
  },
  {
    name: 'a traffic-mix table of the load generator, and journeys introduced by a bold list item',
    files: {
      'load/README.md':
        '# Load\n\n## Traffic mix\n\n| Task | Weight |\n| --- | ---: |\n| `browse` | 10 |\n| `addToCart` | 2 |\n| `checkout` | 1 |\n',
      'docs/releasing.md':
        '# Releasing\n\n1. **Verify user journeys** by hand:\n   - User can sign up\n   - User can deposit funds\n   - User can transfer funds\n',
    },
    claims: [{ practice: P, status: 'partial', at: ['docs/releasing.md:3', 'load/README.md:3'] }],
  },
  {
    name: 'a one-task load test and a heading without a list are no inventory (trap)',
    trap: true,
    files: {
      'locustfile.py':
        'from locust import HttpUser, task\nclass U(HttpUser):\n    @task\n    def home(self):\n        self.client.get("/")\n',
      'docs/flows.md': '# Critical flows\n\nWe still have to write these down.\n',
      'plan.jmx':
        '<jmeterTestPlan><HTTPSamplerProxy testname="/add"/><HTTPSamplerProxy testname="/get"/><HTTPSamplerProxy testname="/last"/></jmeterTestPlan>\n',
      'docs/ci/README.md': '# Workflows\n\n- build\n- test\n- release\n',
      'docs/mix.md': '## Traffic mix\n\n| Task | Weight |\n| --- | --- |\n| `browse` | 1 |\n',
      'src/app.py': '@task\ndef a(): pass\n@task\ndef b(): pass\n@task\ndef c(): pass\n',
    },
    claims: [],
  },
]);
