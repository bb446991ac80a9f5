import { ruleTester } from '../ruleTester.js';
import detector from './dbIndexes.js';

ruleTester(detector, [
  {
    name: 'a Liquibase changelog with createIndex',
    files: {
      'src/main/resources/config/liquibase/changelog/0001_initial.xml':
        '<databaseChangeLog>\n  <changeSet id="1" author="x">\n    <createIndex indexName="ux_user_email" tableName="app_user" unique="true">\n      <column name="email"/>\n    </createIndex>\n  </changeSet>\n</databaseChangeLog>\n',
    },
    claims: [
      {
        practice: 'pe.3.data.indexes',
        status: 'met',
        confidence: 'medium',
        at: 'src/main/resources/config/liquibase/changelog/0001_initial.xml:3',
      },
    ],
  },
  {
    name: 'EF Core HasIndex and a SQL CREATE INDEX in a script',
    files: {
      'src/Api/Data/ShopContext.cs':
        'public class ShopContext : DbContext {\n  protected override void OnModelCreating(ModelBuilder b) {\n    b.Entity<Customer>().HasIndex(c => c.Email).IsUnique();\n  }\n}\n',
      'db/scripts/create_tables.sh':
        'psql <<SQL\nCREATE TABLE cart_items (user_id text);\nCREATE INDEX cartItemsByUserId ON cart_items(user_id);\nSQL\n',
    },
    claims: [
      {
        practice: 'pe.3.data.indexes',
        status: 'met',
        at: ['src/Api/Data/ShopContext.cs:3', 'db/scripts/create_tables.sh:3'],
      },
    ],
  },
  {
    name: 'an index.js module, an index.html page and a doc about indexes are not index definitions',
    trap: true,
    files: {
      'src/index.js': "import { index } from './search.js';\nexport default index;\n",
      'public/index.html': '<html><body>index</body></html>\n',
      'docs/db.md': 'Run CREATE INDEX on the email column when the table grows.\n',
    },
    claims: [],
  },
  {
    name: 'a SQLAlchemy HNSW index whose name is an f-string',
    files: {
      'src/app/models.py':
        'from sqlalchemy import Index\n\ntable = Item.__tablename__\n\nindex_emb = Index(\n    f"hnsw_index_for_cosine_{table}_embedding",\n    Item.embedding,\n    postgresql_using="hnsw",\n)\n',
    },
    claims: [{ practice: 'pe.3.data.indexes', status: 'met', at: 'src/app/models.py:5' }],
  },
  {
    name: 'index-like calls in user-interface code are not schema indexes',
    trap: true,
    files: {
      'src/ui/table.ts': 'grid.addIndex({ column: "name" });\nsearch.createIndex({ fields: ["title"] });\n',
    },
    claims: [],
  },
  {
    name: 'Rails: t.index in db/schema.rb and add_index in a migration',
    files: {
      'db/schema.rb':
        'ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table "trainees" do |t|\n    t.string "trn"\n    t.index ["trn"], name: "index_trainees_on_trn"\n  end\nend\n',
      'db/migrate/20240101000000_add_state_index.rb':
        'class AddStateIndex < ActiveRecord::Migration[7.1]\n  def change\n    add_index :trainees, :state\n  end\nend\n',
    },
    claims: [{ practice: 'pe.3.data.indexes', status: 'met', at: ['db/schema.rb:4'] }],
  },
  {
    name: 'a Ruby helper named index in app code is no schema index',
    trap: true,
    files: { 'app/helpers/search.rb': 'def index\n  t.index [:a]\nend\n' },
    claims: [],
  },
]);
