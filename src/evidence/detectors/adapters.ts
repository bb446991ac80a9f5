import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';

const P = { coupling: 'oe.5.rearchitecture.loose-coupling' };

/**
 * A type that stands between callers and a store, queue or third-party service: a repository, store,
 * gateway, adapter or port interface, or a Spring Data repository.
 */
const SEAM =
  /\binterface\s+I?[A-Z]\w*(Repository|Store|Gateway|Adapter|Port|Client)\b|\btype\s+[A-Za-z]\w*(Repository|Store|Gateway|Adapter)\s+interface\b|\binterface\s+\w+\s+extends\s+(Jpa|Crud|PagingAndSorting|Mongo|Reactive\w*)Repository\b|\bclass\s+[A-Z]\w*(Repository|Gateway|Adapter)\b(?!\s*=)/m;
/** Where such seams are kept: by file or folder name. */
const LIKELY =
  /repositor|store|gateway|adapter|port|persistence|infrastructure|dataaccess|data-access|dal\b/i;
const CODE = ['.cs', '.java', '.kt', '.go', '.ts', '.js', '.py'];
const TEST =
  /(^|\/)(tests?|spec|__tests__|testing|mocks?|fakes?)\/|\.(test|spec)\.\w+$|Tests?\.(cs|java|kt)$|_test\.go$/i;

export default defineDetector({
  meta: {
    id: 'adapters',
    title: 'Adapters and repositories around platform services',
    practices: Object.values(P),
    docs: 'Looks in application code (not tests) for the seams that let a store or service be replaced without rewriting its callers: repository, store, gateway, adapter and port interfaces (C#, Java, TypeScript, Go), Spring Data repository interfaces, and repository or adapter classes, in files or folders named for them. Low for one such module, medium when there are three or more: whether every caller goes through them is not checked.',
  },
  async detect(repo) {
    const files = repo.byExt(...CODE).filter((f) => !TEST.test(f.path) && LIKELY.test(f.path));
    const hits = await grepFiles(repo, files, SEAM, 2000);
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
