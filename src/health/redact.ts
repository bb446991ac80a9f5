/**
 * Secrets out of everything a person or a receiver reads: URLs lose their password, and text
 * loses the credentials it was built around. Applied where text is made, not where it is printed,
 * so a report, a log line and an error cannot carry one.
 */

export const MASK = '***';

/** The URL with the password of `user:password@` masked; text that is not a URL loses it too. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, `//$1:${MASK}@`);
  }
  if (parsed.password === '') return url;
  parsed.password = MASK;
  return parsed.toString();
}

/** The secrets a URL carries: its password as written and decoded. */
export function urlSecrets(url: string): string[] {
  try {
    const p = new URL(url).password;
    return p === '' ? [] : [p, decodeURIComponent(p)];
  } catch {
    return [];
  }
}

/** `text` with every occurrence of each secret masked; empty secrets are skipped (they would match everywhere). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length))
    if (s !== '' && s !== MASK) out = out.split(s).join(MASK);
  return out;
}
