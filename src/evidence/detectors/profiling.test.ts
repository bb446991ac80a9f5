import { ruleTester } from '../ruleTester.js';
import detector from './profiling.js';

ruleTester(detector, [
  {
    name: 'pprof handlers registered in a Go server',
    files: {
      'pkg/api/server.go':
        'package api\n\nimport (\n\t"net/http"\n\t"net/http/pprof"\n)\n\nfunc routes(m *http.ServeMux) {\n\tm.HandleFunc("/debug/pprof/", pprof.Index)\n}\n',
    },
    claims: [
      { practice: 'pe.4.code.profiling', status: 'met', confidence: 'high', at: 'pkg/api/server.go:5' },
    ],
  },
  {
    name: 'a profiler library installed and the App Insights profiler switched on in Bicep',
    files: {
      'src/currency/package.json': JSON.stringify(
        { name: 'c', dependencies: { '@google-cloud/profiler': '^6.0.0' } },
        null,
        2,
      ),
      'infra/app.bicep':
        "appSettings: [\n  { name: 'APPINSIGHTS_PROFILERFEATURE_VERSION', value: '1.0.0' }\n]\n",
    },
    claims: [
      {
        practice: 'pe.4.code.profiling',
        status: 'met',
        confidence: 'medium',
        at: ['src/currency/package.json:4', 'infra/app.bicep:2'],
      },
    ],
  },
  {
    name: 'a doc about pprof and a variable named profiler are not profiling',
    trap: true,
    files: {
      'docs/perf.md': 'Import "net/http/pprof" to profile; Pyroscope is an option.\n',
      'src/app.js': "const profiler = require('./timing');\nprofiler.start();\n",
    },
    claims: [],
  },
  {
    name: 'Instana AutoProfile switched on in a service image',
    files: { 'cart/Dockerfile': 'FROM node:20\nENV INSTANA_AUTO_PROFILE true\nCMD ["node", "server.js"]\n' },
    claims: [
      { practice: 'pe.4.code.profiling', status: 'met', confidence: 'medium', at: 'cart/Dockerfile:2' },
    ],
  },
  {
    name: 'Pyroscope started in Python code, with the package declared',
    files: {
      'requirements.txt': 'flask==3.0\npyroscope-io==0.8.7\n',
      'app/main.py':
        'import pyroscope\n\npyroscope.configure(application_name="shop", server_address="http://pyroscope:4040")\n',
    },
    claims: [{ practice: 'pe.4.code.profiling', status: 'met', confidence: 'high', at: 'app/main.py:3' }],
  },
  {
    name: 'a function named like a profiler call, with no profiler declared, starts nothing',
    trap: true,
    files: {
      'requirements.txt': 'flask==3.0\n',
      'app/tools.py': 'class pyroscope:\n    def configure(**kw): pass\n\npyroscope.configure(x=1)\n',
    },
    claims: [],
  },
  {
    name: 'a Sentry SDK given a profiles sample rate profiles the running service',
    files: {
      Gemfile: 'source "https://rubygems.org"\ngem "sentry-rails"\n',
      'config/initializers/sentry.rb':
        'Sentry.init do |config|\n  config.traces_sample_rate = 0.05\n  config.profiles_sample_rate = 0.05\nend\n',
    },
    claims: [
      {
        practice: 'pe.4.code.profiling',
        status: 'met',
        confidence: 'high',
        at: 'config/initializers/sentry.rb:3',
      },
    ],
  },
  {
    name: 'a profiles sample rate of zero, or one set in an integration test, profiles nothing in production',
    trap: true,
    files: {
      'requirements.txt': 'sentry-sdk==2.0\n',
      'app/main.py': 'sentry_sdk.init(dsn=DSN, profiles_sample_rate=0.0)\n',
      '_integration-test/test_basics.py': 'sentry_sdk.init(dsn=DSN, profiles_sample_rate=1.0)\n',
    },
    claims: [],
  },
]);
