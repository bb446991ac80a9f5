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
  {
    name: 'a dashboard filtering response time by servlet',
    files: {
      'contrib/grafana/server.json':
        '{\n  "panels": [\n    { "targets": [ { "expr": "histogram_quantile(0.9, sum(rate(http_server_response_time_seconds_bucket{servlet=\'RoomSendEventRestServlet\'}[2m])) by (le))" } ] }\n  ]\n}\n',
    },
    claims: [
      { practice: 'pe.3.alerting.flow-monitoring', status: 'met', at: 'contrib/grafana/server.json:3' },
    ],
  },
  {
    name: 'an ingress controller class label is not a controller of the workload',
    trap: true,
    files: {
      'dashboards/ingress.json':
        '{ "panels": [ { "targets": [ { "expr": "sum(rate(nginx_ingress_controller_requests{controller_class=\\"nginx\\"}[5m])) by (controller_pod)" } ] } ] }\n',
    },
    claims: [],
  },
]);

ruleTester(detector, [
  {
    name: 'code: a Go histogram labelled by path, an OpenTelemetry histogram with an endpoint attribute, API Gateway method metrics',
    files: {
      'pkg/api/http/metrics.go':
        'package http\n\nfunc NewMetrics() {\n\thistogram := prometheus.NewHistogramVec(prometheus.HistogramOpts{\n\t\tName: "http_request_duration_seconds",\n\t}, []string{"method", "path", "status"})\n}\n',
      'app/request_metrics.py':
        'request_duration = meter.create_histogram("http.server.duration", unit="ms")\n\ndef record(request, ms):\n    request_duration.record(ms, {"endpoint": request.endpoint, "method": request.method})\n',
      'backend/service.yaml':
        'Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      MethodSettings:\n        - MetricsEnabled: True\n          ResourcePath: "/*"\n',
    },
    claims: [
      {
        practice: 'pe.3.alerting.flow-monitoring',
        status: 'partial',
        confidence: 'low',
        at: ['pkg/api/http/metrics.go:4', 'app/request_metrics.py:1', 'backend/service.yaml:6'],
      },
    ],
  },
  {
    name: 'a histogram labelled by status only, a route label in a test, and a gateway with metrics off are not per-flow latency',
    trap: true,
    files: {
      'pkg/metrics.go':
        'histogram := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "jobs_seconds"}, []string{"status"})\n',
      'tests/metrics_test.py': 'h = Histogram("req_seconds", "x", ["endpoint"])\n',
      'template.yaml': 'MethodSettings:\n  - MetricsEnabled: false\n',
    },
    claims: [],
  },
  {
    name: 'code: Yabeda histograms tagged by controller and action, a wrapper timing each endpoint',
    files: {
      'config/initializers/yabeda.rb':
        'Yabeda.configure do\n  group :api do\n    histogram :request_duration,\n              unit: :seconds,\n              tags: %i[method controller action]\n  end\nend\n',
      'src/app/middleware.py':
        'tags = {"method": method, "endpoint": path_template}\nmetric_provider.timer("server.call.elapsed", value=elapsed, tags=tags)\n',
    },
    claims: [
      {
        practice: 'pe.3.alerting.flow-monitoring',
        status: 'partial',
        confidence: 'low',
        at: ['config/initializers/yabeda.rb:3', 'src/app/middleware.py:2'],
      },
    ],
  },
  {
    name: 'a Yabeda histogram tagged by status only and a wrapper timer without a route are per-service figures',
    trap: true,
    files: {
      'config/initializers/yabeda.rb':
        'Yabeda.configure do\n  histogram :job_duration, tags: %i[queue status]\nend\n',
      'src/jobs/metrics.py': 'stats.timer("jobs.elapsed", value=elapsed, tags={"queue": q})\n',
    },
    claims: [],
  },
]);
