import { readFileSync } from 'node:fs';

/**
 * Waymark's own version, from package.json: three folders up from this module, compiled
 * (dist/src/cli/) or bundled (dist/bundle/cli/) alike.
 */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
