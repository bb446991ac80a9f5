import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = { style: 'oe.2.standard-processes.code-style' };
const CONFIG =
  /^(\.editorconfig|\.eslintrc(\.\w+)?|eslint\.config\.[cm]?[jt]s|\.prettierrc(\.\w+)?|prettier\.config\.[cm]?js|biome\.jsonc?|\.stylelintrc(\.\w+)?|ruff\.toml|\.ruff\.toml|\.flake8|\.pylintrc|\.golangci\.ya?ml|\.rubocop\.yml|stylecop\.json|\.swiftlint\.yml|\.clang-format|rustfmt\.toml|\.scalafmt\.conf|\.php-cs-fixer(\.dist)?\.php|checkstyle\.xml|\.markdownlint\.\w+)$/i;
const RUN =
  /\b(eslint|prettier\s+(--check|-c)|biome\s+(check|ci|lint)|ruff\s+(check|format)|black\s+--check|flake8|pylint|golangci-lint|gofmt|rubocop|dotnet\s+format|stylelint|cargo\s+(fmt|clippy)|npm\s+run\s+lint|yarn\s+lint|pnpm\s+lint|super-linter|megalinter)\b/i;

export default defineDetector({
  meta: {
    id: 'code-style',
    title: 'Linters and formatters',
    practices: Object.values(P),
    docs: 'Looks for linter and formatter configuration (.editorconfig, ESLint, Prettier, Biome, Ruff, flake8, golangci-lint, RuboCop, StyleCop, rustfmt...) and for lint or format checks in pipeline files. A check in the pipeline enforces the style (high); configuration alone lets the editor apply it (medium).',
  },
  async detect(repo) {
    const cfg = repo
      .inDirs(/^\/$/)
      .filter((f) => CONFIG.test(f.name) && !f.path.includes('/'))
      .map((f) => ({ file: f.path }));
    const ci = grepPipelines(await pipelines(repo), RUN);
    if (ci.length) return [present([P.style], 'high', [...ci, ...cfg], 'style is checked in the pipeline')];
    if (cfg.length)
      return [present([P.style], 'medium', cfg, 'linter or formatter configuration, no pipeline check seen')];
    return [];
  },
});
