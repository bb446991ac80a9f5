export { type Person, personOf, teamOf } from './claims.js';
export { type OidcConfig, OidcConfigSchema, type OidcSettings, parseOidcConfig } from './config.js';
export {
  CSRF_HEADER,
  csrfTokenOf,
  discoverIssuer,
  type OidcSignIn,
  registerSignIn,
  SESSION_COOKIE,
  sessionActor,
} from './signIn.js';
