import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';

const P = { devEnv: 'oe.5.friction-automation.dev-environment-definition' };

export default defineDetector({
  meta: {
    id: 'devcontainer',
    title: 'Development environment definitions',
    practices: Object.values(P),
    docs: 'Looks for shared, versioned developer environments: .devcontainer/devcontainer.json (and named configurations under .devcontainer/), .devcontainer.json, Gitpod (.gitpod.yml), Dev Box (devbox.yaml, imagedefinition.yaml), Nix flakes and shell.nix, devenv.nix, devbox.json.',
  },
  async detect(repo) {
    // Every one of these is at the root or in .devcontainer/ (one level deep at most).
    const locs = repo
      .inDirs(/^\/(\.devcontainer\/([^/]+\/)?)?$/)
      .filter((f) =>
        /^\.devcontainer(\/[^/]+)?\/devcontainer\.json$|^\.devcontainer\.json$|^\.gitpod\.yml$|^devbox\.(json|ya?ml)$|^flake\.nix$|^shell\.nix$|^devenv\.nix$|^imagedefinition\.ya?ml$/.test(
          f.path,
        ),
      )
      .map((f) => ({ file: f.path }));
    if (!locs.length) return [];
    return [present([P.devEnv], 'high', locs, 'the development environment is defined in the repository')];
  },
});
