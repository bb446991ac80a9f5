import { ruleTester } from '../ruleTester.js';
import detector from './dbMigrations.js';

const P = 'oe.2.iac-config.post-deploy-scripted';

ruleTester(detector, [
  {
    name: 'Flyway migrations where Flyway keeps them',
    files: { 'src/main/resources/db/migration/V1__init.sql': 'create table t (id int);\n' },
    claims: [
      {
        practice: P,
        status: 'met',
        confidence: 'medium',
        at: 'src/main/resources/db/migration/V1__init.sql',
      },
    ],
  },
  {
    name: 'a Liquibase changelog',
    files: {
      'src/main/resources/config/liquibase/master.xml':
        '<?xml version="1.0"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n</databaseChangeLog>\n',
    },
    claims: [{ practice: P, status: 'met', at: 'src/main/resources/config/liquibase/master.xml:2' }],
  },
  {
    name: 'EF Core migrations applied at start',
    files: {
      'src/Shared/MigrateExtensions.cs':
        'public static class X {\n  static void Run(Db db) { db.Database.Migrate(); }\n}\n',
    },
    claims: [{ practice: P, status: 'met', at: 'src/Shared/MigrateExtensions.cs:2' }],
  },
  {
    name: 'a SQL dump in docs and a README saying "run the migrations" are not tooling (trap)',
    trap: true,
    files: {
      'docs/schema.sql': 'create table t (id int);\n',
      'README.md': 'Run the migrations by hand: psql < docs/schema.sql, or manage.py migrate later.\n',
      'src/migrations.txt': 'V1__init.sql\n',
    },
    claims: [],
  },
  {
    name: 'a migration call quoted in a UI component is not the service applying its schema',
    trap: true,
    files: {
      'web/components/HelpPanel.tsx': 'export const tip = "Run context.Database.Migrate() yourself";\n',
      'web/components/Hint.ts': 'export const hint = "python manage.py migrate";\n',
    },
    claims: [],
  },
  {
    name: 'Alembic revisions in a versions folder of their own name, known by their down_revision',
    files: {
      'src/app/database/revisions/tenant/versions/2021-06-02_f011c050b9ba.py':
        '# add tags\nrevision = "f011c050b9ba"\ndown_revision = "e2f1b6c6a1d3"\n\ndef upgrade():\n    pass\n',
    },
    claims: [
      {
        practice: 'oe.2.iac-config.post-deploy-scripted',
        status: 'met',
        at: 'src/app/database/revisions/tenant/versions/2021-06-02_f011c050b9ba.py',
      },
    ],
  },
  {
    name: 'a versions folder of API serializers is not a migration history',
    trap: true,
    files: { 'app/serializers/versions/v2026_1.py': 'class TraineeSerializer:\n    version = "2026.1"\n' },
    claims: [],
  },
]);
