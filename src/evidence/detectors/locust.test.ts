import { ruleTester } from '../ruleTester.js';
import detector from './locust.js';

const LOCUSTFILE = `from locust import HttpUser, task, LoadTestShape

class Shopper(HttpUser):
    @task
    def home(self):
        self.client.get("/")

class Spike(LoadTestShape):
    def tick(self):
        return None
`;

ruleTester(detector, [
  {
    name: 'a locustfile with a load shape',
    files: { 'load/locustfile.py': LOCUSTFILE },
    claims: [
      { practice: 'pe.3.baseline-tests.load-tests', status: 'met', at: 'load/locustfile.py:1' },
      { practice: 'pe.3.baseline-tests.test-types', status: 'partial', at: 'load/locustfile.py:1' },
    ],
  },
  {
    name: 'a report script that mentions locust is not a load test',
    trap: true,
    files: { 'tools/report.py': '# summarises locust CSV output\nimport csv\n' },
    claims: [],
  },
]);
