/** Input quoted in a perf message, by the one shared rule of src/diagnostics. */
import { escapeUnsafe, MAX_EXCERPT, quote } from '../diagnostics/index.js';

export const EXCERPT_CHARS = MAX_EXCERPT;
export const escapedExcerpt = quote;
export const escapeInvisible = escapeUnsafe;
