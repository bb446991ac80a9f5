import { ruleTester } from '../ruleTester.js';
import detector from './testData.js';

const LOCUST = `import random
from faker import Faker
from locust import HttpUser, task

fake = Faker()
`;

ruleTester(detector, [
  {
    name: 'a load script importing Faker generates synthetic data',
    files: { 'src/loadgenerator/locustfile.py': LOCUST },
    claims: [
      {
        practice: 'pe.3.baseline-tests.synthetic-data',
        status: 'met',
        confidence: 'medium',
        at: 'src/loadgenerator/locustfile.py:2',
      },
      { practice: 'oe.3.testing.representative-data', status: 'partial' },
    ],
  },
  {
    name: 'Bogus in a test project',
    files: {
      'tests/Api.Tests/Api.Tests.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Bogus" Version="35.0.1" />\n  </ItemGroup>\n</Project>\n',
    },
    claims: [
      {
        practice: 'pe.3.baseline-tests.synthetic-data',
        status: 'met',
        at: 'tests/Api.Tests/Api.Tests.csproj:3',
      },
      { practice: 'oe.3.testing.representative-data', status: 'partial' },
    ],
  },
  {
    name: 'fake-data CSVs and users beside a k6 script are seed data (low)',
    files: {
      'src/main/resources/config/liquibase/fake-data/account.csv': 'id;name\n1;Alice\n',
      'load/k6/users.json': '[{"email":"a@example.test"}]\n',
    },
    claims: [
      {
        practice: 'pe.3.baseline-tests.synthetic-data',
        status: 'partial',
        at: ['src/main/resources/config/liquibase/fake-data/account.csv', 'load/k6/users.json'],
      },
      { practice: 'oe.3.testing.representative-data', status: 'partial' },
    ],
  },
  {
    name: 'Spring Boot data.sql and a Mongo image seeded through docker-entrypoint-initdb.d',
    files: {
      'src/main/resources/db/h2/data.sql': "INSERT INTO vets VALUES (1, 'James', 'Carter');\n",
      'mongo/Dockerfile': 'FROM mongo:7\nCOPY *.js /docker-entrypoint-initdb.d/\n',
      'mongo/catalogue.js': "db.products.insertMany([{ sku: 'A1' }]);\n",
    },
    claims: [
      {
        practice: 'pe.3.baseline-tests.synthetic-data',
        status: 'partial',
        at: ['mongo/catalogue.js', 'src/main/resources/db/h2/data.sql'],
      },
      { practice: 'oe.3.testing.representative-data', status: 'partial' },
    ],
  },
  {
    name: 'an init script that only creates the schema, and one outside the build context, seed nothing',
    trap: true,
    files: {
      'db/Dockerfile': 'FROM postgres:16\nCOPY schema.sql ../secret.sql /docker-entrypoint-initdb.d/\n',
      'db/schema.sql': 'CREATE TABLE users (id int);\n',
      'secret.sql': 'INSERT INTO users VALUES (1);\n',
      'src/main/resources/schema.sql': 'CREATE TABLE vets (id int);\n',
    },
    claims: [],
  },
  {
    name: 'Faker named in a README, a package.json in a load folder and a field called faker are not test data',
    trap: true,
    files: {
      'README.md': 'Use Faker or Bogus to generate users.\n',
      'load/package.json': '{"name":"load","description":"uses faker"}\n',
      'src/app.js': "const faker = 'not the library';\n",
    },
    claims: [],
  },
]);
