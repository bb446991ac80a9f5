import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = { devEnv: 'oe.5.friction-automation.dev-environment-definition' };

export default defineDetector({
  meta: {
    id: 'devcontainer',
    title: 'Development environment definitions',
    practices: Object.values(P),
    docs: 'Looks for shared, versioned developer environments: .devcontainer/devcontainer.json (and named configurations under .devcontainer/), .devcontainer.json, Gitpod (.gitpod.yml), Dev Box (devbox.yaml, imagedefinition.yaml), Nix flakes and shell.nix, devenv.nix, devbox.json, WinGet configurations (*.winget, configuration.dsc.yaml) and a Tiltfile (high). A compose file named for local development (compose.dev.yaml, docker-compose.override.yml) is medium; a development guide (CONTRIBUTING, DEVELOPMENT, docs/development*) whose setup runs a versioned stack (docker compose up, skaffold dev, tilt up) is low, as is a pinned toolchain alone (.tool-versions, mise.toml).',
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
    const tools = repo
      .inDirs(/^\/(\.config\/)?$/)
      .filter((f) => /\.winget$|^configuration\.dsc\.ya?ml$|^Tiltfile$/.test(f.name))
      .map((f) => ({ file: f.path }));
    const strong = [...locs, ...tools];
    if (strong.length)
      return [
        present([P.devEnv], 'high', strong, 'the development environment is defined in the repository'),
      ];
    const out: Claim[] = [];
    const devCompose = repo
      .inDirs(/^\/$/)
      .filter((f) =>
        /^(docker-)?compose[.-](dev|development|local)\.ya?ml$|^docker-compose\.override\.ya?ml$/i.test(
          f.name,
        ),
      )
      .map((f) => ({ file: f.path }));
    if (devCompose.length)
      return [
        present([P.devEnv], 'medium', devCompose, 'a compose file defines the local development stack'),
      ];
    const guides = byPath(
      repo.files.filter((f) =>
        /^(contributing|development|developing|hacking)(\.[\w-]+)?\.(md|adoc|rst)$|^docs\/(development|developing|contributing|dev-guide|development-guide)[\w-]*(\/readme)?\.(md|adoc|rst)$/i.test(
          f.path.replace(/^\.github\//, ''),
        ),
      ),
    );
    const runs = await grepFiles(
      repo,
      guides,
      /\b(docker[ -]compose\s+(-f\s+\S+\s+)?up|skaffold\s+dev|tilt\s+up|make\s+(start|dev|run-local|up)\b)/,
    );
    if (runs.length)
      out.push(
        present([P.devEnv], 'low', runs.map(loc), 'the development guide starts a versioned local stack'),
      );
    else {
      const pinned = repo
        .inDirs(/^\/$/)
        .filter((f) => /^(\.tool-versions|\.?mise\.toml|\.prototools)$/.test(f.name))
        .map((f) => ({ file: f.path }));
      if (pinned.length)
        out.push(present([P.devEnv], 'low', pinned, 'the toolchain versions are pinned in the repository'));
    }
    return out;
  },
});
