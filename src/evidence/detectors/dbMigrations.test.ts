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
]);
