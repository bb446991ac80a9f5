/**
 * What the infrastructure code declares: every resource declared in Bicep (resources and Azure
 * Verified Modules), ARM JSON, Terraform (resources and registry modules), CloudFormation/SAM,
 * Kubernetes manifests, Docker Compose services and azd `azure.yaml` services, with the file and line
 * of each declaration and the text of its body. Built once per scan (`repo.memo`).
 *
 * Only declarations count: a resource type named in a README, a comment or a string is not one, an
 * `existing` Bicep resource or a Terraform `data` source refers to something declared elsewhere, and
 * a local module is indexed through the resources of its own file. Comments are blanked out of the
 * bodies, so a property that is commented out is not seen either.
 */
import { posix } from 'node:path';
import type { EvidenceLocation, RepoFile, RepoView } from '../types.js';
import type { CloudResource, IacFile, IacLanguage } from './cloudResourceTypes.js';
import { lineOf } from './helpers.js';
import {
  blankYamlComments,
  fromKube,
  parseAzd,
  parseBicep,
  parseCloudFormationYaml,
  parseCompose,
  parseJsonResources,
  parseTerraform,
  scan,
} from './iacParsers.js';
import { kubeDocs } from './k8s.js';

export type { CloudResource, IacFile, IacLanguage } from './cloudResourceTypes.js';
export {
  firstPerService,
  keyOf,
  SERVICES,
  type ServiceKind,
  type ServiceRole,
  serviceOf,
  serviceTitles,
} from './cloudServices.js';
export {
  blankYamlComments,
  parseAzd,
  parseBicep,
  parseCloudFormationYaml,
  parseCompose,
  parseJsonResources,
  parseTerraform,
  sharedModuleName,
} from './iacParsers.js';

interface CloudIndex {
  resources: CloudResource[];
  files: IacFile[];
}

/** Every declared resource, in path order, then in order of declaration. */
export async function cloudResources(repo: RepoView): Promise<CloudResource[]> {
  return (await cloudIndex(repo)).resources;
}

/** Every file that declares infrastructure (the files `cloudResources` reads), in path order. */
export async function iacFiles(repo: RepoView): Promise<IacFile[]> {
  return (await cloudIndex(repo)).files;
}

const LIMIT = 2000;

function cloudIndex(repo: RepoView): Promise<CloudIndex> {
  return repo.memo('cloud-resources', async () => {
    const out: CloudResource[] = [];
    const files: IacFile[] = [];
    // At most LIMIT files of each kind, as `grepFiles` does: the bound on a very large repository.
    const bicep = repo.byExt('.bicep').slice(0, LIMIT);
    const bicepPaths = new Set(bicep.map((f) => f.path));
    const texts = async (list: readonly RepoFile[]) => {
      const all = await Promise.all(list.map((f) => repo.read(f.path)));
      return list.flatMap((f, i) => (all[i] === undefined ? [] : [{ file: f, text: all[i] as string }]));
    };
    for (const { file, text } of await texts(bicep)) {
      const code = scan(text, 'bicep');
      files.push({ path: file.path, lang: 'bicep', code: code.code });
      out.push(...parseBicep(file.path, text, code));
    }
    const tf = repo.byExt('.tf').slice(0, LIMIT);
    const tfDirs = new Set(tf.map((f) => f.dir));
    for (const { file, text } of await texts(tf)) {
      const code = scan(text, 'hcl');
      // A local module path with no Terraform files under it is fetched in when the pipeline runs.
      const missing = (source: string) => {
        const [root, sub] = source.split('//');
        const dir = posix.normalize(posix.join(file.dir, root ?? '', sub ?? ''));
        return !dir.startsWith('..') && !tfDirs.has(dir === '.' ? '' : dir);
      };
      const found = parseTerraform(file.path, text, code, missing);
      if (found.length || /^\s*(variable|locals|output|data|provider|terraform)\b/m.test(code.code))
        files.push({ path: file.path, lang: 'terraform', code: code.code });
      out.push(...found);
    }
    const json = repo
      .byExt('.json', '.template')
      .filter((f) => f.name !== 'package.json' && !f.name.endsWith('lock.json'))
      .slice(0, LIMIT);
    const heads = await Promise.all(json.map((f) => repo.head(f.path)));
    const armOrCfn = json.filter((_, i) =>
      /"\$schema"\s*:\s*"[^"]*DeploymentTemplate\.json#|"AWSTemplateFormatVersion"|"Type"\s*:\s*"AWS::/i.test(
        heads[i] ?? '',
      ),
    );
    for (const { file, text } of await texts(armOrCfn)) {
      if (/"\$schema"\s*:\s*"[^"]*DeploymentTemplate\.json#/i.test(text)) {
        // A template compiled from a Bicep file kept next to it says nothing the Bicep file does not.
        const compiled = /"_generator"\s*:\s*\{\s*"name"\s*:\s*"bicep"/.test(text);
        if (compiled && bicepPaths.has(file.path.replace(/\.json$/i, '.bicep'))) continue;
        const lang = compiled ? 'bicep' : 'arm';
        const code = scan(text, 'json');
        files.push({ path: file.path, lang, code: code.code });
        out.push(...parseJsonResources(file.path, text, lang, code));
      } else if (/"Resources"\s*:/.test(text)) {
        const code = scan(text, 'json');
        files.push({ path: file.path, lang: 'cloudformation', code: code.code });
        out.push(...parseJsonResources(file.path, text, 'cloudformation', code));
      }
    }
    const kube = await kubeDocs(repo);
    const kubeFiles = new Set(kube.map((d) => d.file));
    const yamls = repo
      .byExtInOrder('.yaml', '.yml', '.template')
      .filter((f) => !f.path.startsWith('.github/'));
    for (const { file, text } of await texts(yamls)) {
      let lang: IacLanguage | undefined;
      if (
        /^AWSTemplateFormatVersion\s*:|^Transform\s*:\s*['"]?AWS::Serverless/m.test(text) ||
        (/^Resources\s*:/m.test(text) && /^\s+Type\s*:\s*['"]?AWS::/m.test(text))
      ) {
        const found = parseCloudFormationYaml(file.path, text);
        if (found.length) lang = 'cloudformation';
        out.push(...found);
      }
      if (isComposeFile(file.name) || looksLikeCompose(file.path, text)) {
        const found = parseCompose(file.path, text);
        if (found.length) lang = 'compose';
        out.push(...found);
      } else if (/^azure\.ya?ml$/i.test(file.name)) {
        const found = parseAzd(file.path, text);
        if (found.length) lang = 'azd';
        out.push(...found);
      }
      if (!lang && kubeFiles.has(file.path)) lang = 'kubernetes';
      if (lang) files.push({ path: file.path, lang, code: blankYamlComments(text) });
    }
    out.push(...kube.map(fromKube));
    const order = (a: { path?: string; file?: string }, b: { path?: string; file?: string }) => {
      const x = (a.path ?? a.file) as string;
      const y = (b.path ?? b.file) as string;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    out.sort((a, b) => order(a, b) || a.line - b.line);
    files.sort(order);
    return { resources: out, files };
  });
}

/**
 * A Compose file named for a developer's machine, tests or CI (`docker-compose.dev.yml`,
 * `compose.test.yaml`, `docker-compose.local.yml`): it runs the workload there, not where it is deployed.
 */
export function isLocalCompose(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return (
    /^(docker-)?compose[.-].*\b(dev|develop|development|local|test|tests|testing|ci|debug|e2e)\b.*\.ya?ml$/i.test(
      name,
    ) ||
    // A dev container's stack, or one a test suite starts, is a harness, not how the workload runs.
    /(^|\/)(\.devcontainer|tests?|e2e|_?integration[-_]tests?)\//i.test(path)
  );
}

/**
 * A Compose file under another name (`src/main/docker/app.yml`): top-level services built or pulled
 * as images, in a docker folder or with a Compose `version:`.
 */
function looksLikeCompose(path: string, text: string): boolean {
  return (
    !/^azure\.ya?ml$/i.test(path.split('/').pop() ?? '') &&
    /^services\s*:\s*$/m.test(text) &&
    /^\s{2,}(image|build)\s*:/m.test(text) &&
    (/(^|\/)\.?docker(-compose)?\//i.test(path) || /^version\s*:\s*['"]?[23]/m.test(text))
  );
}

/** `compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.override.yml`. */
export function isComposeFile(name: string): boolean {
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(name);
}

/** Absolute line of the first match of `re` in a resource's body, or `undefined`. */
export function lineIn(r: CloudResource, re: RegExp): number | undefined {
  const m = (re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re).exec(r.body);
  if (!m) return undefined;
  const at = m.index + (m[0].length - m[0].trimStart().length);
  let line = r.bodyLine;
  for (let i = 0; i < at; i++) if (r.body.charCodeAt(i) === 10) line++;
  return line;
}

/** Where a resource is declared, or where `re` matches in its body when given and found. */
export function at(r: CloudResource, re?: RegExp): EvidenceLocation {
  return { file: r.file, line: (re && lineIn(r, re)) ?? r.line };
}

/** Where `re` first matches, comments left out, in each infrastructure file that `keep` selects. */
export async function iacMatches(
  repo: RepoView,
  keep: (f: IacFile) => boolean,
  re: RegExp,
): Promise<EvidenceLocation[]> {
  return (await iacFiles(repo)).filter(keep).flatMap((f) => {
    const line = lineOf(f.code, re);
    return line === undefined ? [] : [{ file: f.path, line }];
  });
}
