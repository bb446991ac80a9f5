import assert from 'node:assert/strict';
import { realpath } from 'node:fs/promises';
import test from 'node:test';
import { tempTree } from '../testing.js';
import { createRepoView, walk } from '../walker.js';
import { parseMakefile, spellCalls } from './pipelineCalls.js';

async function viewOf(files: Record<string, string>) {
  const root = await realpath(tempTree(files));
  return createRepoView(await walk(root), { git: false });
}

test('parseMakefile: targets with their prerequisites and tab-indented recipe lines; variables and .PHONY are not targets', () => {
  const rules = parseMakefile(
    '.PHONY: a b\nX := 1\nY ?= 2\na b: c # both\n\t# a comment\n\techo ab\n\nc:\n\t@echo c\n',
  );
  assert.deepEqual([...rules.recipes.keys()].sort(), ['a', 'b', 'c']);
  assert.deepEqual(rules.recipes.get('a'), { prereqs: ['c'], lines: ['echo ab'] });
  assert.deepEqual(rules.recipes.get('c')?.lines, ['@echo c']);
});

test('spellCalls writes what make, npm and script calls run onto the calling line, keeping line numbers', async () => {
  const repo = await viewOf({
    Makefile: 'deploy:\n\t$(MAKE) -C infra apply\n',
    'infra/Makefile': 'apply:\n\tterraform apply -auto-approve\n',
    'package.json': '{"scripts":{"release":"cdk deploy --all"}}',
    'ops/publish.sh': '#!/bin/sh\n# helm upgrade is below\nhelm upgrade --install app ./chart\n',
  });
  const text =
    'steps:\n  - run: make deploy\n  - run: npm run release\n  - run: bash ops/publish.sh\n  - run: echo done\n';
  const out = (await spellCalls(repo, text)).split('\n');
  assert.equal(out.length, text.split('\n').length);
  assert.match(
    out[1] as string,
    /^ {2}- run: make deploy ⟦make deploy: .*make apply: terraform apply -auto-approve⟧$/,
  );
  assert.match(out[2] as string, /⟦npm run release: cdk deploy --all⟧$/);
  assert.match(out[3] as string, /⟦ops\/publish\.sh: helm upgrade --install app \.\/chart⟧$/);
  assert.doesNotMatch(out[3] as string, /helm upgrade is below/, 'comment lines of scripts are left out');
  assert.equal(out[4], '  - run: echo done');
});

test('spellCalls: a target calling itself ends, a script outside the repository is not read, test-named calls are not followed', async () => {
  const repo = await viewOf({
    Makefile: 'loop:\n\t$(MAKE) loop\n\techo once\n\ne2e-test:\n\tkubectl apply -f k8s/\n',
  });
  const text = 'run: make loop\nrun: bash ../../etc/x.sh\nrun: make e2e-test\n# run: make loop\n';
  const out = (await spellCalls(repo, text)).split('\n');
  assert.equal(out[0], 'run: make loop ⟦make loop: $(MAKE) loop ; echo once⟧');
  assert.equal(out[1], 'run: bash ../../etc/x.sh');
  assert.equal(out[2], 'run: make e2e-test');
  assert.equal(out[3], '# run: make loop');
});

test('spellCalls follows composite actions of the repository (their steps, not their inputs) and make targets around expressions', async () => {
  const repo = await viewOf({
    Makefile:
      'ci:\n\t$(eval AUTO_APPROVE=-auto-approve)\ndeploy:\n\tterraform -chdir=terraform/aks apply $(AUTO_APPROVE)\n',
    '.github/actions/deploy/action.yml':
      'name: deploy\ninputs:\n  environment:\n    description: kubectl apply is never run here\nruns:\n  using: composite\n  steps:\n    - run: make ${{ inputs.environment }} ci deploy\n      shell: bash\n    - uses: ./.github/actions/smoke-test\n',
    '.github/actions/smoke-test/action.yaml':
      'runs:\n  using: composite\n  steps:\n    - run: helm upgrade app ./chart\n',
  });
  const text = 'steps:\n  - uses: ./.github/actions/deploy/\n  - uses: ./.github/actions/missing\n';
  const out = (await spellCalls(repo, text)).split('\n');
  assert.match(out[1] as string, /make deploy: terraform -chdir=terraform\/aks apply/);
  assert.match(out[1] as string, /uses: \.\/\.github\/actions\/smoke-test/);
  assert.doesNotMatch(
    out[1] as string,
    /kubectl apply/,
    'the inputs an action documents are not its commands',
  );
  assert.doesNotMatch(out[1] as string, /helm upgrade/, 'an action named for testing is not followed');
  assert.equal(out[2], '  - uses: ./.github/actions/missing');
});
