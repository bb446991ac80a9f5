/**
 * Takes credentials out of text before it is logged, stored as a job's error or sent to a client:
 * the secrets the worker was given, user-info in URLs, and authorization headers.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@')
    .replace(/(authorization:\s*)(basic|bearer|token)?\s*\S+/gi, (_m, head: string, scheme?: string) =>
      scheme ? `${head}${scheme} ***` : `${head}***`,
    );
}
