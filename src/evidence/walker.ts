/**
 * The walker: lists a repository once (`listing.ts`) and serves the listing to detectors
 * (`repoView.ts`). This module only gathers their public names.
 */

export * from './listing.js';
export * from './repoView.js';
export { decodeText } from './textDecode.js';
