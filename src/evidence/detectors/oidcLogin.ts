import { defineDetector } from '../defineDetector.js';
import { absent, present } from '../lib/helpers.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';

const P = { idp: 'oe.1.security.single-identity-provider' };

export default defineDetector({
  meta: {
    id: 'oidc-login',
    title: 'Pipelines sign in with workload identity (OIDC)',
    practices: Object.values(P),
    docs: 'Looks at cloud sign-in steps in pipelines. azure/login with a client-id and id-token: write permission, aws-actions/configure-aws-credentials with a role, google-github-actions/auth with a workload identity provider, azd auth login with --federated-credential-provider, or Azure Pipelines service connections (which can use workload identity federation) count. A login passing a client secret or access key from pipeline secrets is reported as absence, since it shows a stored credential; beside an OIDC login (a fallback, or one job not yet moved) it makes the claim low.',
  },
  async detect(repo) {
    const ps = await pipelines(repo);
    const secret = grepPipelines(
      ps,
      /client-secret\s*:|clientSecret|AZURE_CREDENTIALS|aws-secret-access-key\s*:|credentials_json\s*:/i,
    );
    const oidc = grepPipelines(
      ps.filter((p) => /id-token\s*:\s*write/.test(p.text)),
      /azure\/login@|configure-aws-credentials@|google-github-actions\/auth@|--federated-credential-provider\b/,
    );
    // Federation beside a stored secret is the usual migration path (the secret kept as a fallback,
    // or for one old job): the identity provider is in use, the secret still to retire.
    if (oidc.length && secret.length)
      return [
        present(
          [P.idp],
          'low',
          [...oidc, ...secret],
          'pipelines sign in with OIDC workload identity, but a stored secret is still used or kept as a fallback',
        ),
      ];
    if (secret.length) return [absent([P.idp], 'medium', 'a pipeline signs in with a stored secret', secret)];
    if (oidc.length)
      return [
        present([P.idp], 'high', oidc, 'pipelines sign in with OIDC workload identity, no stored secret'),
      ];
    const conn = grepPipelines(ps, /azureSubscription\s*:|connectedServiceName\s*:/);
    if (conn.length)
      return [
        present(
          [P.idp],
          'low',
          conn,
          'Azure Pipelines service connections (federation or secret not visible from files)',
        ),
      ];
    return [];
  },
});
