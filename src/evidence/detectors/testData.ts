import { posix } from 'node:path';
import { defineDetector } from '../defineDetector.js';
import { globToRegExp } from '../glob.js';
import { byPath, grepFiles, isDockerfile, loc, present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import type { Claim, EvidenceLocation, RepoFile, RepoView } from '../types.js';

const P = {
  synthetic: 'pe.3.baseline-tests.synthetic-data',
  representative: 'oe.3.testing.representative-data',
};

/** Fake-data generators, by package name in manifests. */
const GENERATORS =
  '@faker-js/faker|faker|bogus|com\\.github\\.javafaker|javafaker|net\\.datafaker|datafaker|github\\.com/brianvoe/gofakeit(/v\\d+)?|github\\.com/go-faker/faker(/v\\d+)?|mimesis|factory[-_]boy|fishery|@mswjs/data';
/** The same generators used in code (a load script importing Faker, a seeder calling it). */
const GENERATOR_USE =
  /^\s*(from\s+faker\s+import|import\s+faker\b|import\s*\{[^}]*\bfaker\b[^}]*\}\s*from\s*['"]@faker-js\/faker['"]|const\s*\{[^}]*faker[^}]*\}\s*=\s*require\(['"]@faker-js\/faker['"]\)|using\s+Bogus\s*;|import\s+(com\.github\.javafaker|net\.datafaker)\.)/m;

/** Folders of seed or generated data, and seed files by name. */
const SEED_DIR = /\/(seeds?|seed[-_]data|fake[-_]?data|sample[-_]data|demo[-_]data|mock[-_]data)\//i;
const SEED_NAME = /^(seed|seeds|seeder|seed[-_]data)([-_.][\w.-]*)?\.(sql|json|csv|ya?ml|js|ts|py|cs)$/i;
/** Data files beside load tests: the users, products or payloads a load script sends. */
const LOAD_DIR = /\/(load[-_]?(tests?|gen\w*)|perf(ormance)?[-_]?tests?|k6|locust|jmeter|gatling)\//i;
const DATA_EXT = new Set(['.csv', '.json', '.tsv']);
const NOT_DATA = /^(package(-lock)?|tsconfig|jsconfig|composer|\.?eslintrc|renovate)\b/i;

const isData = (f: RepoFile) => DATA_EXT.has(f.ext) && !NOT_DATA.test(f.name);

/** Rows written into a database (SQL, a Mongo shell script, psql in a shell script). */
const INSERTS = /\bINSERT\s+INTO\b|\.insert(Many|One)?\s*\(|^\s*COPY\s+\w+[^;\n]*\bFROM\b/im;
/** Spring Boot's data scripts, loaded into the database at start-up. */
const SPRING_DATA = /^data(-[\w-]+)?\.sql$/i;
/** `COPY a.sql b.sh /docker-entrypoint-initdb.d/` in a Dockerfile; `./x.sql:/docker-entrypoint-initdb.d/…` in Compose. */
const INITDB_COPY = /^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*(.+?)\s+\/docker-entrypoint-initdb\.d\/?\s*$/gim;
const INITDB_MOUNT = /^\s*-\s*["']?(\.{1,2}\/[^:"'\s]+):\/docker-entrypoint-initdb\.d/gm;

/** Scripts a database image runs on first start (the official images' docker-entrypoint-initdb.d). */
async function initScripts(repo: RepoView): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  const sources = [
    ...repo.files.filter(isDockerfile).map((f) => ({ f, re: INITDB_COPY })),
    ...repo.files.filter((f) => /compose[\w.-]*\.ya?ml$/i.test(f.name)).map((f) => ({ f, re: INITDB_MOUNT })),
  ];
  for (const { f, re } of sources) {
    const text = await repo.read(f.path);
    if (!text?.includes('docker-entrypoint-initdb.d')) continue;
    for (const m of text.matchAll(re))
      for (const src of (m[1] ?? '').split(/\s+/)) {
        // Paths are the build context's (the Dockerfile's folder, a rough but usual guess) or the
        // Compose file's; a folder stands for what is in it.
        // Docker refuses sources outside the build context; so does this.
        if (src.split('/').includes('..') && re === INITDB_COPY) continue;
        const rel = posix.normalize(posix.join(f.dir, src)).replace(/\/$/, '');
        if (rel.startsWith('..')) continue;
        const pattern = globToRegExp(rel);
        out.push(...repo.files.filter((x) => pattern.test(x.path) || x.path.startsWith(`${rel}/`)));
      }
  }
  return out;
}

export default defineDetector({
  meta: {
    id: 'test-data',
    title: 'Synthetic and seed test data',
    practices: Object.values(P),
    docs: 'Looks for fake-data generators declared in manifests (Faker, @faker-js/faker, Bogus, Java Faker/Datafaker, gofakeit, mimesis, factory_boy) or imported in code, for seed data (seed folders and files, fake-data folders such as Liquibase faker contexts, Spring Boot data.sql scripts and the scripts a database image runs on first start from docker-entrypoint-initdb.d, when they insert rows), and for data files kept beside load tests (users, products, payloads). Generated data carries no production records, so it is evidence of synthetic test data (medium for a generator, low for data files). Whether it matches production in shape and volume cannot be told, so representative data is low.',
  },
  async detect(repo) {
    const gen: EvidenceLocation[] = (await dependencyHits(repo, GENERATORS)).map((d) => d.location);
    const code = repo.byExt('.py', '.js', '.ts', '.mjs', '.cs', '.java', '.kt');
    // Imports in code matter most where no manifest declares the generator (a load script with Faker
    // installed by its image); with a declaration, a few uses are enough to point at.
    const used = await grepFiles(
      repo,
      code,
      GENERATOR_USE,
      gen.length ? 200 : 1000,
      /load|perf|locust|k6|seed|fake|data|test/i,
      { head: true, max: gen.length ? 3 : 20 },
    );
    gen.push(...used.map(loc));
    const seeds = byPath([
      ...repo.inDirs(SEED_DIR).filter((f) => isData(f) || ['.sql', '.yaml', '.yml'].includes(f.ext)),
      ...repo.files.filter((f) => SEED_NAME.test(f.name)),
    ]);
    const loadData = repo.inDirs(LOAD_DIR).filter(isData);
    const loaded = (
      await grepFiles(
        repo,
        [...repo.files.filter((f) => SPRING_DATA.test(f.name)), ...(await initScripts(repo))],
        INSERTS,
      )
    ).map((h) => h.file);
    seeds.push(...loaded);
    const files: EvidenceLocation[] = [...new Set([...seeds, ...loadData])]
      .slice(0, 10)
      .map((f) => ({ file: f.path }));
    const out: Claim[] = [];
    if (gen.length) {
      out.push(
        present(
          [P.synthetic],
          'medium',
          [...gen, ...files],
          'test data is generated with a fake-data library',
        ),
      );
    } else if (files.length) {
      out.push(present([P.synthetic], 'low', files, 'seed or load-test data files are kept with the code'));
    }
    if (gen.length || files.length)
      out.push(
        present(
          [P.representative],
          'low',
          [...files, ...gen],
          'generated or seed data exists; whether it matches production in shape and volume is not visible',
        ),
      );
    return out;
  },
});
