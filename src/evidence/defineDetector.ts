/** `defineDetector` checks a detector's shape once, at load time, like a lint rule's meta. */
import type { Detector } from './types.js';

export function defineDetector(d: Detector): Detector {
  if (!/^[a-z][a-z0-9-]*$/.test(d.meta.id)) throw new Error(`detector id must be kebab-case: ${d.meta.id}`);
  if (new Set(d.meta.practices).size !== d.meta.practices.length)
    throw new Error(`detector ${d.meta.id} repeats a practice`);
  return d;
}
