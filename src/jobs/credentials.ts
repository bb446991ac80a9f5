/**
 * Credentials for private repositories, from the worker's environment or a file, never from the
 * database: `WAYMARK_GIT_TOKEN`, or `WAYMARK_GIT_TOKEN_FILE` naming a file that holds it. The token
 * reaches git as an `http.extraHeader` in git's own configuration environment (GIT_CONFIG_COUNT),
 * so it is not on any command line, in a URL, a job payload or a stored row.
 */
import { readFileSync } from 'node:fs';

export interface GitCredentials {
  /** Variables for the git process. */
  env: Record<string, string>;
  /** Every secret, for redaction. */
  secrets: string[];
}

export function gitCredentials(env: NodeJS.ProcessEnv = process.env): GitCredentials {
  const file = env.WAYMARK_GIT_TOKEN_FILE;
  const token = (file ? readFileSync(file, 'utf8') : (env.WAYMARK_GIT_TOKEN ?? '')).trim();
  if (!token) return { env: {}, secrets: [] };
  // Basic with any user name is what GitHub, GitLab and Azure DevOps accept for a token over HTTPS.
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    env: {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    },
    secrets: [token, basic],
  };
}
