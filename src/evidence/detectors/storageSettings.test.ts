import { ruleTester } from '../ruleTester.js';
import detector from './storageSettings.js';

ruleTester(detector, [
  {
    name: 'Hibernate batch size and Hikari pool size in Spring configuration',
    files: {
      'src/main/resources/config/application.yml':
        'spring:\n  jpa:\n    properties:\n      hibernate.jdbc.batch_size: 25\n  datasource:\n    hikari:\n      maximum-pool-size: 20\n',
    },
    claims: [
      {
        practice: 'pe.3.data.storage-settings',
        status: 'partial',
        at: 'src/main/resources/config/application.yml:4',
      },
    ],
  },
  {
    name: 'Redis tuned as a cache',
    files: { 'deploy/cache/redis.conf': 'maxmemory 64mb\nmaxmemory-policy allkeys-lru\nsave ""\n' },
    claims: [{ practice: 'pe.3.data.storage-settings', status: 'partial', at: 'deploy/cache/redis.conf:1' }],
  },
  {
    name: 'a pool size in a README and a connection string without pool settings are not tuning',
    trap: true,
    files: {
      'README.md': 'Set Max Pool Size=200 in production.\n',
      'src/Web/appsettings.json': '{ "ConnectionStrings": { "Db": "Server=db;Database=shop;" } }\n',
    },
    claims: [],
  },
]);
