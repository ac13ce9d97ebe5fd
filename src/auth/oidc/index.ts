export { createOidcVerifier, OidcTokenError, type OidcVerifier, type OidcVerifierOptions } from './create-oidc-verifier.js';
export { discoverProvider, discoveryUrl, type FetchLike, type ProviderMetadata } from './discovery.js';
