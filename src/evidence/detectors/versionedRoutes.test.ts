import { ruleTester } from '../ruleTester.js';
import detector from './versionedRoutes.js';

const P = 'oe.4.safe-deployment.api-versioning';

ruleTester(detector, [
  {
    name: 'Django serves the same API under v1, v2 and v3',
    files: {
      'hc/urls.py':
        'from django.urls import include, path\n\nurlpatterns = [\n    path("ping/<uuid:code>", views.ping),\n    path("api/v1/", include(api_urls)),\n    path("api/v2/", include(api_urls)),\n    path("api/v3/", include(api_urls)),\n]\n',
    },
    claims: [{ practice: P, status: 'met', confidence: 'medium', at: 'hc/urls.py:5' }],
  },
  {
    name: 'an Express router, a Go mux and a Spring controller under one version prefix',
    files: {
      'src/server.js': "const app = express();\napp.use('/api/v1/orders', orders);\n",
      'internal/publish/routes.go': 'func Routes(mux *http.ServeMux) {\n\tmux.Handle("/v1/publish", h)\n}\n',
      'src/main/java/shop/OrderController.java':
        '@RestController\n@RequestMapping("/api/v1/orders")\npublic class OrderController {}\n',
    },
    claims: [
      {
        practice: P,
        status: 'partial',
        confidence: 'low',
        at: ['src/server.js:2', 'internal/publish/routes.go:2', 'src/main/java/shop/OrderController.java:2'],
      },
    ],
  },
  {
    name: 'URLs the code calls, OTLP paths, unversioned routes and routes in tests are not versioned routes',
    trap: true,
    files: {
      'src/github.ts': "const res = await fetch('https://api.github.com/v3/repos');\n",
      'src/otel.py': 'exporter = OTLPSpanExporter(endpoint="http://collector:4318/v1/traces")\n',
      'src/app.py': '@app.route("/api/items")\ndef items():\n    return []\n',
      'tests/test_api.py': 'client.get("/api/v1/items")\n@app.get("/v1/x")\n',
      'docs/api.md': 'Call `path("api/v1/")` to…\n',
    },
    claims: [],
  },
]);
