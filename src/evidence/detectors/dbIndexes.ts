import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';

const P = { indexes: 'pe.3.data.indexes' };

/** Index definitions as each migration tool or schema language writes them. */
const INDEX =
  /\bCREATE\s+(UNIQUE\s+)?(CLUSTERED\s+|NONCLUSTERED\s+)?INDEX\b|<createIndex\b|\.HasIndex\(|migrationBuilder\.CreateIndex\(|\bop\.create_index\(|\bIndex\(\s*[fFrRuU]?["'][\w{}.-]+["']\s*,|models\.Index\(|db_index\s*=\s*True|^\s*@@(index|unique)\(|\.createIndex\(\s*\{|\.index\(\s*\{[^}]*\}\s*[,)]|\bindex:\s*true\b|["']?indexingPolicy["']?\s*[:=]|\bknex\.schema[\s\S]{0,200}?\.index\(|\btable\.index\(|\.addIndex\(|^\s*add_index\s+:|^\s*t\.index\s+[[:"']/im;

/** Paths of code that declares a schema. */
const SCHEMA_CODE =
  /migrat|schema|model|entit|context|configuration|repositor|persist|store|database|(^|[/_.-])db([/_.-]|$)|mongo|sql|seed|index/i;

export default defineDetector({
  meta: {
    id: 'db-indexes',
    title: 'Database index definitions',
    practices: Object.values(P),
    docs: 'Looks in migrations and schema files (and code under paths that name models, entities, contexts, migrations or repositories) for index definitions: CREATE INDEX in SQL (Flyway, plain migration scripts), Liquibase createIndex, EF Core HasIndex and CreateIndex, Alembic op.create_index, SQLAlchemy Index (names spelt as f-strings too), Django models.Index and db_index, Prisma @@index, Mongoose and MongoDB index calls, Sequelize and Knex addIndex, Rails add_index and t.index in db/schema.rb or db/migrate, and Cosmos DB indexing policies in IaC. Medium: that the indexes match the queries the workload runs is not checked.',
  },
  async detect(repo) {
    // Code declares indexes where it declares the schema: models, entities, contexts and their
    // configurations, migrations, repositories. Reading every source file for them was one of the
    // costliest steps of a large scan.
    const schemaCode = repo.byExt('.cs', '.py', '.js', '.ts', '.mjs').filter((f) => SCHEMA_CODE.test(f.path));
    const files = [
      ...repo.byExt('.sql', '.prisma', '.bicep', '.tf', '.sh'),
      ...schemaCode,
      // Rails keeps its schema and migrations under db/.
      ...repo.byExt('.rb').filter((f) => /(^|\/)db\/(schema\.rb$|migrate\/)/.test(f.path)),
      ...repo
        .byExt('.xml', '.yaml', '.yml', '.json')
        .filter((f) => /changelog|liquibase|migration|schema|db/i.test(f.path)),
    ];
    const hits = await grepFiles(
      repo,
      files,
      INDEX,
      3000,
      /migrat|changelog|liquibase|schema|db|model|sql|entit|infra/i,
      { max: 20 },
    );
    if (!hits.length) return [];
    return [
      present([P.indexes], 'medium', hits.map(loc), 'indexes are defined in migrations or schema files'),
    ];
  },
});
