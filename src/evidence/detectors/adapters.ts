import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';

const P = { coupling: 'oe.5.rearchitecture.loose-coupling' };

/**
 * A type that stands between callers and a store, queue or third-party service: a repository, store,
 * gateway, adapter or port interface, or a Spring Data repository.
 */
const SEAM =
  /\binterface\s+I?[A-Z]\w*(Repository|Store|Gateway|Adapter|Port|Client)\b|\btype\s+[A-Za-z]\w*(Repository|Store|Gateway|Adapter)\s+interface\b|\binterface\s+\w+\s+extends\s+(Jpa|Crud|PagingAndSorting|Mongo|Reactive\w*)Repository\b|\bclass\s+[A-Z]\w*(Repository|Repositories|Gateway|Adapter)\b(?!\s*=)|^class\s+(Repository|Gateway|Adapter)[A-Z]\w*/m;
/**
 * A class for one outside service, in a module named for it (`query_executor_client.py`,
 * `PaymentClient.java`): callers get the service through it, not through raw HTTP or SDK calls.
 */
const CLIENT_CLASS = /^(?:export\s+)?(?:public\s+)?class\s+([A-Z]\w*Client)\b(?!\s*=)/m;
const CLIENT_FILE = /(^|\/|_|-)[\w-]*client\.\w+$|Client\.(java|kt|cs|ts|js)$/i;
/** Where such seams are kept: by file or folder name. */
const LIKELY =
  /repositor|repos\/|store|gateway|adapter|port|persistence|infrastructure|dataaccess|data-access|dal\b|transport|backends?\b|providers?\b|client/i;
/**
 * A base class that several implementations in its own module extend (`class Transport:` and a
 * dozen `class Slack(Transport)`): the plugin or strategy seam of languages without interfaces.
 */
const BASE_CLASS = /^class\s+([A-Z]\w*)\s*(?:\(\s*(?:ABC|object)?\s*\))?\s*:/gm;
const MIN_IMPLEMENTATIONS = 3;
const CODE = ['.cs', '.java', '.kt', '.go', '.ts', '.js', '.py'];
const TEST =
  /(^|\/)(tests?|spec|__tests__|testing|mocks?|fakes?)\/|\.(test|spec)\.\w+$|Tests?\.(cs|java|kt)$|_test\.go$/i;

/** Line of the first base class that at least MIN_IMPLEMENTATIONS classes in the same text extend. */
function baseWithImplementations(text: string): number | undefined {
  for (const m of text.matchAll(BASE_CLASS)) {
    const name = m[1] ?? '';
    const subclasses = text.match(new RegExp(`^class\\s+\\w+\\(\\s*${name}\\s*\\)\\s*:`, 'gm'));
    if ((subclasses?.length ?? 0) >= MIN_IMPLEMENTATIONS) return text.slice(0, m.index).split('\n').length;
  }
  return undefined;
}

export default defineDetector({
  meta: {
    id: 'adapters',
    title: 'Adapters and repositories around platform services',
    practices: Object.values(P),
    docs: 'Looks in application code (not tests) for the seams that let a store or service be replaced without rewriting its callers: repository, store, gateway, adapter and port interfaces (C#, Java, TypeScript, Go), Spring Data repository interfaces, repository or adapter classes, a client class in a module named for that client, and a Python base class that three or more classes of its module extend (transports, backends, providers), in files or folders named for them. Low for one such module, medium when there are three or more: whether every caller goes through them is not checked.',
  },
  async detect(repo) {
    const files = repo.byExt(...CODE).filter((f) => !TEST.test(f.path) && LIKELY.test(f.path));
    // Capped, seam-named files first: on a 23k-file tree the wider folder names read 1,000s more files.
    const hits = await grepFiles(repo, files, SEAM, 1000, /repositor|repos\/|gateway|adapter|port/i);
    const clients = await grepFiles(
      repo,
      files.filter((f) => CLIENT_FILE.test(f.path)),
      CLIENT_CLASS,
      200,
    );
    hits.push(...clients);
    for (const f of files.filter((f) => f.path.endsWith('.py')).slice(0, 200)) {
      const text = await repo.read(f.path);
      const line = text === undefined ? undefined : baseWithImplementations(text);
      if (line !== undefined && text !== undefined) hits.push({ file: f, line, text });
    }
    if (!hits.length) return [];
    return [
      present(
        [P.coupling],
        hits.length >= 3 ? 'medium' : 'low',
        hits.map(loc),
        `${plural(hits.length, 'repository, store or adapter module')} between callers and their data or services`,
      ),
    ];
  },
});
