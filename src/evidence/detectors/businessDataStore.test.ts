import { ruleTester } from '../ruleTester.js';
import detector from './businessDataStore.js';

ruleTester(detector, [
  {
    name: 'the Cosmos DB SDK in the API manifest',
    files: {
      'src/api/package.json': JSON.stringify(
        { name: 'api', dependencies: { '@azure/cosmos': '^4.0.0' } },
        null,
        2,
      ),
    },
    claims: [
      { practice: 'oe.2.monitoring.business-data-separate', status: 'partial', at: 'src/api/package.json:4' },
    ],
  },
  {
    name: 'Spring Data JPA in a pom',
    files: {
      'pom.xml':
        '<project><dependencies><dependency>\n<groupId>org.springframework.boot</groupId>\n<artifactId>spring-boot-starter-data-jpa</artifactId>\n</dependency></dependencies></project>\n',
    },
    claims: [{ practice: 'oe.2.monitoring.business-data-separate', status: 'partial', at: 'pom.xml:3' }],
  },
  {
    name: 'a Redis cache client and a README about PostgreSQL are not a business data store',
    trap: true,
    files: {
      'go.mod': 'module example.com/info\n\ngo 1.22\n\nrequire github.com/gomodule/redigo v1.9.2\n',
      'README.md': 'Orders could be stored in PostgreSQL with pg or Prisma.\n',
    },
    claims: [],
  },
]);
