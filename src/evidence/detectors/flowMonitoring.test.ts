import { ruleTester } from '../ruleTester.js';
import detector from './flowMonitoring.js';

ruleTester(detector, [
  {
    name: 'a Grafana alert on p95 of one span',
    files: {
      'grafana/provisioning/alerting/cart-alerts.yml':
        'groups:\n  - name: cart\n    rules:\n      - title: AddItem slow\n        data:\n          - model:\n              expr: histogram_quantile(0.95, sum(rate(duration_bucket{span_name="CartService/AddItem"}[5m])) by (le))\n',
    },
    claims: [
      {
        practice: 'pe.3.alerting.flow-monitoring',
        status: 'met',
        confidence: 'medium',
        at: 'grafana/provisioning/alerting/cart-alerts.yml:7',
      },
    ],
  },
  {
    name: 'a dashboard grouping latency by route',
    files: {
      'dashboards/api.json':
        '{\n  "panels": [\n    { "targets": [ { "expr": "histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_duration_bucket[5m])))" } ] }\n  ]\n}\n',
    },
    claims: [{ practice: 'pe.3.alerting.flow-monitoring', status: 'met', at: 'dashboards/api.json:3' }],
  },
  {
    name: 'per-service queries and a route in application code are not flow monitoring',
    trap: true,
    files: {
      'dashboards/svc.json':
        '{ "panels": [ { "targets": [ { "expr": "sum by (service_name) (rate(calls_total[5m]))" } ] } ] }\n',
      'src/routes.js': "router.get('/cart', handler); // by (route)\n",
    },
    claims: [],
  },
  {
    name: 'a dashboard charting request rate by path',
    files: {
      'grafana/dashboards/perf.json':
        '{\n  "panels": [\n    { "targets": [ { "expr": "sum(rate(http_request_duration_seconds_count{service_name=\\"api\\"}[5m])) by (path)" } ] }\n  ]\n}\n',
    },
    claims: [
      { practice: 'pe.3.alerting.flow-monitoring', status: 'met', at: 'grafana/dashboards/perf.json:3' },
    ],
  },
]);
